package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Types;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LIST, STRUCT and MAP values through getObject, getArray and the metadata, as DuckDB's driver gives them. */
class JdbcNestedTypesTest {
    private Connection connection;
    private Statement statement;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:quiver:?threads=2");
        statement = connection.createStatement();
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void listsAreArraysStructsAreStructsMapsAreMaps() throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT [1, NULL, 3] AS l, {'a': 1, 'b': 'x'} AS s,"
                + " MAP {'k': 1, 'j': NULL} AS m, [[1], NULL, [2, 3]] AS ll, [{'a': 'u'}] AS ls,"
                + " ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID] AS u, CAST(NULL AS INTEGER[]) AS n")) {
            assertThat(rows.next()).isTrue();
            Array list = rows.getArray(1);
            assertThat(list.getBaseType()).isEqualTo(Types.INTEGER);
            assertThat(list.getBaseTypeName()).isEqualTo("INTEGER");
            assertThat((Object[]) list.getArray()).containsExactly(1, null, 3);
            assertThat((Object[]) list.getArray(2, 2)).containsExactly(null, 3);
            assertThat(rows.getObject(1)).isInstanceOf(Array.class);
            assertThat(rows.getString(1)).isEqualTo("[1, NULL, 3]");
            assertThatThrownBy(() -> list.getArray(3, 2))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("out of the range");

            Struct struct = rows.getObject(2, Struct.class);
            assertThat(struct.getAttributes()).containsExactly(1, "x");
            assertThat(struct.getSQLTypeName()).isEqualTo("STRUCT(a INTEGER, b VARCHAR)");
            assertThat(rows.getObject(2)).isEqualTo(struct);

            Map<Object, Object> expected = new LinkedHashMap<>();
            expected.put("k", 1);
            expected.put("j", null);
            assertThat(rows.getObject(3)).isEqualTo(expected);
            assertThat(rows.getObject(3, Map.class)).isEqualTo(expected);

            Object[] lists = (Object[]) rows.getArray(4).getArray();
            assertThat(lists).hasSize(3);
            assertThat((Object[]) ((Array) lists[0]).getArray()).containsExactly(1);
            assertThat(lists[1]).isNull();
            assertThat(rows.getArray(4).getBaseTypeName()).isEqualTo("LIST");
            assertThat(rows.getArray(4).getBaseType()).isEqualTo(Types.ARRAY);
            Object[] structs = (Object[]) rows.getArray(5).getArray();
            assertThat(((Struct) structs[0]).getAttributes()).containsExactly("u");
            assertThat((Object[]) rows.getArray(6).getArray())
                    .containsExactly(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            assertThat(rows.getArray(7)).isNull();
            assertThat(rows.wasNull()).isTrue();
            assertThatThrownBy(() -> rows.getArray(2))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("cannot be read as java.sql.Array");
        }
    }

    @Test
    void arrayResultSetsHoldIndexAndValue() throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT [[10, NULL], [], NULL] AS ll, ['a', NULL] AS l")) {
            assertThat(rows.next()).isTrue();
            Array lists = rows.getArray(1);
            Array texts = rows.getArray(2);
            try (ResultSet elements = texts.getResultSet()) {
                assertThat(elements.getMetaData().getColumnName(1)).isEqualTo("INDEX");
                assertThat(elements.getMetaData().getColumnName(2)).isEqualTo("VALUE");
                assertThat(elements.next()).isTrue();
                assertThat(elements.getLong(1)).isEqualTo(1);
                assertThat(elements.getString(2)).isEqualTo("a");
                assertThat(elements.next()).isTrue();
                assertThat(elements.getString(2)).isNull();
                assertThat(elements.next()).isFalse();
            }
            try (ResultSet elements = lists.getResultSet(1, 2)) {
                assertThat(elements.getMetaData().getColumnTypeName(2)).isEqualTo("INTEGER[]");
                assertThat(elements.next()).isTrue();
                assertThat(Arrays.asList((Object[]) elements.getArray(2).getArray()))
                        .containsExactly(10, null);
                assertThat(elements.next()).isTrue();
                assertThat((Object[]) elements.getArray(2).getArray()).isEmpty();
                assertThat(elements.next()).isFalse();
            }
        }
    }

    @Test
    void metadataNamesNestedTypesAsDuckDb() throws SQLException {
        try (ResultSet rows =
                statement.executeQuery("SELECT [1] AS l, {'a': 1} AS s, MAP {'k': [1]} AS m, [{'a': [1]}] AS ls")) {
            ResultSetMetaData metadata = rows.getMetaData();
            assertThat(List.of(
                            metadata.getColumnType(1),
                            metadata.getColumnType(2),
                            metadata.getColumnType(3),
                            metadata.getColumnType(4)))
                    .containsExactly(Types.ARRAY, Types.STRUCT, Types.OTHER, Types.ARRAY);
            assertThat(List.of(
                            metadata.getColumnTypeName(1),
                            metadata.getColumnTypeName(2),
                            metadata.getColumnTypeName(3),
                            metadata.getColumnTypeName(4)))
                    .containsExactly(
                            "INTEGER[]", "STRUCT(a INTEGER)", "MAP(VARCHAR, INTEGER[])", "STRUCT(a INTEGER[])[]");
            assertThat(List.of(
                            metadata.getColumnClassName(1),
                            metadata.getColumnClassName(2),
                            metadata.getColumnClassName(3)))
                    .containsExactly("java.sql.Array", "java.sql.Struct", "java.util.Map");
        }
    }

    @Test
    void fixedSizeArraysAreArraysNamedWithTheirLength() throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT array_value(1, NULL, 3) AS a,"
                + " array_value(array_value('x', 'y'), NULL) AS aa, CAST(NULL AS DOUBLE[2]) AS n")) {
            ResultSetMetaData metadata = rows.getMetaData();
            assertThat(metadata.getColumnType(1)).isEqualTo(Types.ARRAY);
            assertThat(List.of(
                            metadata.getColumnTypeName(1),
                            metadata.getColumnTypeName(2),
                            metadata.getColumnTypeName(3)))
                    .containsExactly("INTEGER[3]", "VARCHAR[2][2]", "DOUBLE[2]");
            assertThat(rows.next()).isTrue();
            Array array = rows.getArray(1);
            assertThat((Object[]) array.getArray()).containsExactly(1, null, 3);
            assertThat(rows.getObject(1)).isInstanceOf(Array.class);
            assertThat(rows.getString(1)).isEqualTo("[1, NULL, 3]");
            try (ResultSet elements = array.getResultSet()) {
                assertThat(elements.next()).isTrue();
                assertThat(elements.getLong(1)).isEqualTo(1L);
                assertThat(elements.getInt(2)).isEqualTo(1);
            }
            Object[] arrays = (Object[]) rows.getArray(2).getArray();
            assertThat((Object[]) ((Array) arrays[0]).getArray()).containsExactly("x", "y");
            assertThat(arrays[1]).isNull();
            assertThat(rows.getArray(3)).isNull();
            assertThat(rows.wasNull()).isTrue();
        }
    }

    @Test
    void fixedSizeArraysInsideStructsAndMapsAreArrays() throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT {'v': [1, NULL]::INTEGER[2], 'w': 'x'} AS s,"
                + " MAP {'k': [1.5, 2]::DOUBLE[2], 'n': NULL} AS m, CAST(NULL AS STRUCT(v INTEGER[2])) AS n")) {
            ResultSetMetaData metadata = rows.getMetaData();
            assertThat(List.of(metadata.getColumnTypeName(1), metadata.getColumnTypeName(2)))
                    .containsExactly("STRUCT(v INTEGER[2], w VARCHAR)", "MAP(VARCHAR, DOUBLE[2])");
            assertThat(rows.next()).isTrue();
            Struct struct = rows.getObject(1, Struct.class);
            Object[] members = struct.getAttributes();
            assertThat((Object[]) ((Array) members[0]).getArray()).containsExactly(1, null);
            assertThat(members[1]).isEqualTo("x");
            assertThat(rows.getString(1)).isEqualTo("{'v': [1, NULL], 'w': x}");
            Map<?, ?> map = rows.getObject(2, Map.class);
            assertThat((Object[]) ((Array) map.get("k")).getArray()).containsExactly(1.5, 2.0);
            assertThat(map.containsKey("n")).isTrue();
            assertThat(map.get("n")).isNull();
            assertThat(rows.getObject(3)).isNull();
            assertThat(rows.wasNull()).isTrue();
        }
    }
}
