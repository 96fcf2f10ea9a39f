package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LIST, STRUCT and MAP parameters: createArrayOf, setArray, setObject of a List, Map or Struct, createStruct. */
class JdbcNestedParametersTest {
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:quiver:?threads=2");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    /** The first row's value of the one-parameter query {@code sql} bound with {@code value}, as text. */
    private String text(String sql, Object value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    @Test
    void arraysFromCreateArrayOfBindAsTypedLists() throws SQLException {
        Array numbers = connection.createArrayOf("BIGINT", new Object[] {1L, null, 3L});
        assertThat(numbers.getBaseTypeName()).isEqualTo("BIGINT");
        assertThat((Object[]) numbers.getArray()).containsExactly(1L, null, 3L);
        try (ResultSet elements = numbers.getResultSet()) {
            assertThat(elements.next()).isTrue();
            assertThat(elements.getLong("VALUE")).isEqualTo(1L);
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT ? AS l, len(?) AS n")) {
            statement.setArray(1, numbers);
            statement.setArray(2, connection.createArrayOf("VARCHAR", new Object[0]));
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("l")).isEqualTo("[1, NULL, 3]");
                assertThat(rows.getMetaData().getColumnTypeName(1)).isEqualTo("BIGINT[]");
                assertThat((Object[]) rows.getArray("l").getArray()).containsExactly(1L, null, 3L);
                assertThat(rows.getLong("n")).isZero();
            }
        }
        Array nested = connection.createArrayOf("INTEGER[]", new Object[] {List.of(1, 2), null, List.of()});
        assertThat(text("SELECT ?", nested)).isEqualTo("[[1, 2], NULL, []]");
    }

    @Test
    void listsMapsAndStructsBindThroughSetObject() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE docs (id INTEGER, tags VARCHAR[], attrs MAP(VARCHAR, INTEGER),"
                    + " point STRUCT(x DOUBLE, label VARCHAR))");
        }
        Map<String, Integer> attrs = new LinkedHashMap<>();
        attrs.put("pages", 12);
        attrs.put("figures", null);
        Struct point = connection.createStruct("STRUCT(x DOUBLE, label VARCHAR)", new Object[] {1.5, "p"});
        assertThat(point.getSQLTypeName()).isEqualTo("STRUCT(x DOUBLE, label VARCHAR)");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO docs VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, 1);
            insert.setObject(2, List.of("a", "b"));
            insert.setObject(3, attrs);
            insert.setObject(4, point);
            assertThat(insert.executeUpdate()).isEqualTo(1);
            insert.setInt(1, 2);
            insert.setObject(2, new String[] {"c"});
            insert.setObject(3, null);
            insert.setObject(4, connection.createStruct("STRUCT(x DOUBLE, label VARCHAR)", new Object[] {null, null}));
            insert.addBatch();
            insert.executeBatch();
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM docs ORDER BY id")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("tags")).isEqualTo("[a, b]");
            assertThat(rows.getObject("attrs")).isEqualTo(attrs);
            assertThat(rows.getObject("point", Struct.class).getAttributes()).containsExactly(1.5, "p");
            assertThat(rows.next()).isTrue();
            assertThat((Object[]) rows.getArray("tags").getArray()).containsExactly("c");
            assertThat(rows.getObject("attrs")).isNull();
            assertThat(rows.getObject("point", Struct.class).getAttributes()).containsExactly(null, null);
        }
        assertThat(text("SELECT list_contains(?, 3)", List.of(1, 2, 3))).isEqualTo("true");
        assertThat(text("SELECT ?", Map.of("k", List.of(1L)))).isEqualTo("{k=[1]}");
        assertThat(text("SELECT ?", List.of(Map.of("a", 1)))).isEqualTo("[{a=1}]");
    }

    @Test
    void valuesReadFromAResultBindAgain() throws SQLException {
        Object list;
        Object struct;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT [[1, 2], [3]] AS l, {'a': 1, 'b': [true]} AS s")) {
            assertThat(rows.next()).isTrue();
            list = rows.getArray("l");
            struct = rows.getObject("s");
        }
        assertThat(text("SELECT ?", list)).isEqualTo("[[1, 2], [3]]");
        assertThat(text("SELECT ?", struct)).isEqualTo("{'a': 1, 'b': [true]}");
        assertThat(text("SELECT (?).b[1]", struct)).isEqualTo("true");
    }

    @Test
    void wrongShapesAreClearErrors() throws SQLException {
        assertThatThrownBy(() -> connection.createArrayOf("NO_SUCH_TYPE", new Object[] {1}))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("NO_SUCH_TYPE");
        assertThatThrownBy(() -> connection.createStruct("STRUCT(a INTEGER, b INTEGER)", new Object[] {1}))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("2 members, not 1");
        assertThatThrownBy(() -> connection.createStruct("INTEGER", new Object[] {1}))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("not a STRUCT type");
        assertThatThrownBy(() -> text("SELECT ?", Map.of()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("empty map");
        assertThatThrownBy(() -> text("SELECT ?", List.of(1, "x"))).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> text("SELECT ?", List.of(new Object())))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("cannot bind a java.lang.Object");
        Array strings = connection.createArrayOf("VARCHAR", new Object[] {"a"});
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE counts (n INTEGER[])");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO counts VALUES (?)")) {
            insert.setArray(1, strings);
            assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class);
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM counts")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isZero();
        }
    }
}
