package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every Quiver type through ResultSet getters and ResultSetMetaData, with and without NULLs. */
class JdbcResultSetTest {
    private static final String ALL_TYPES = "CREATE TABLE typed (b BOOLEAN, t TINYINT, s SMALLINT, i INTEGER NOT NULL,"
            + " l BIGINT, r REAL, d DOUBLE, m DECIMAL(12, 3), v VARCHAR, y VARBINARY, dt DATE, ts TIMESTAMP)";
    private static final String ROW = "INSERT INTO typed VALUES (true, -8, 300, 7, 9000000000, 1.5, 2.25, 1234.125,"
            + " 'héllo', x'CAFE', DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.123456')";

    private Connection connection;
    private Statement statement;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:quiver:?threads=2");
        statement = connection.createStatement();
        statement.execute(ALL_TYPES);
        statement.execute(ROW);
        statement.execute("INSERT INTO typed (i) VALUES (8)");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void gettersForEveryTypeByIndexAndLabel() throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT * FROM typed ORDER BY i")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getBoolean(1)).isTrue();
            assertThat(result.getByte("t")).isEqualTo((byte) -8);
            assertThat(result.getShort(3)).isEqualTo((short) 300);
            assertThat(result.getInt("I")).isEqualTo(7);
            assertThat(result.getLong(5)).isEqualTo(9_000_000_000L);
            assertThat(result.getFloat("r")).isEqualTo(1.5f);
            assertThat(result.getDouble(7)).isEqualTo(2.25);
            assertThat(result.getBigDecimal("m")).isEqualByComparingTo("1234.125");
            assertThat(result.getString(9)).isEqualTo("héllo");
            assertThat(result.getBytes("y")).containsExactly(0xCA, 0xFE);
            assertThat(result.getDate(11)).isEqualTo(Date.valueOf("2024-02-29"));
            assertThat(result.getTimestamp("ts")).isEqualTo(Timestamp.valueOf("2024-02-29 12:34:56.123456"));
            assertThat(result.wasNull()).isFalse();

            // conversions between types, as JDBC drivers do
            assertThat(result.getString("ts")).isEqualTo("2024-02-29 12:34:56.123456");
            assertThat(result.getString("m")).isEqualTo("1234.125");
            assertThat(result.getLong("m")).isEqualTo(1234);
            assertThat(result.getDouble("i")).isEqualTo(7.0);
            assertThat(result.getInt("b")).isEqualTo(1);
            assertThatThrownBy(() -> result.getByte("s"))
                    .isInstanceOf(SQLDataException.class)
                    .hasMessageContaining("out of the range of byte")
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("22003");
            assertThatThrownBy(() -> result.getInt("v"))
                    .isInstanceOf(SQLDataException.class)
                    .hasMessageContaining("'héllo'");

            assertThat(result.getObject(1)).isEqualTo(true);
            assertThat(result.getObject("t")).isEqualTo(-8);
            assertThat(result.getObject("s")).isEqualTo(300);
            assertThat(result.getObject("l")).isEqualTo(9_000_000_000L);
            assertThat(result.getObject("r")).isEqualTo(1.5f);
            assertThat(result.getObject("m")).isEqualTo(new BigDecimal("1234.125"));
            assertThat(result.getObject("dt")).isEqualTo(Date.valueOf("2024-02-29"));
            assertThat(result.getObject("ts")).isInstanceOf(Timestamp.class);
            assertThat(result.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(result.getObject("ts", LocalDateTime.class))
                    .isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000));
            assertThat(result.getObject("t", Byte.class)).isEqualTo((byte) -8);
            assertThat(result.getObject("l", String.class)).isEqualTo("9000000000");

            assertThat(result.next()).isTrue();
            assertThat(result.getInt("i")).isEqualTo(8);
            assertThat(result.wasNull()).isFalse();
            assertThat(result.getBoolean("b")).isFalse();
            assertThat(result.wasNull()).isTrue();
            assertThat(result.getInt("t")).isZero();
            assertThat(result.wasNull()).isTrue();
            assertThat(result.getLong("l")).isZero();
            assertThat(result.getDouble("d")).isZero();
            assertThat(result.getBigDecimal("m")).isNull();
            assertThat(result.getString("v")).isNull();
            assertThat(result.getBytes("y")).isNull();
            assertThat(result.getDate("dt")).isNull();
            assertThat(result.getTimestamp("ts")).isNull();
            assertThat(result.getObject("ts", LocalDateTime.class)).isNull();
            assertThat(result.wasNull()).isTrue();

            assertThat(result.next()).isFalse();
            assertThatThrownBy(() -> result.getInt(1))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("not on a row");
        }
    }

    @Test
    void metaDataDescribesEveryColumn() throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT * FROM typed")) {
            ResultSetMetaData meta = result.getMetaData();
            assertThat(meta.getColumnCount()).isEqualTo(12);
            int[] types = new int[12];
            String[] names = new String[12];
            for (int column = 1; column <= 12; column++) {
                types[column - 1] = meta.getColumnType(column);
                names[column - 1] = meta.getColumnTypeName(column);
            }
            assertThat(types)
                    .containsExactly(
                            Types.BOOLEAN,
                            Types.TINYINT,
                            Types.SMALLINT,
                            Types.INTEGER,
                            Types.BIGINT,
                            Types.REAL,
                            Types.DOUBLE,
                            Types.DECIMAL,
                            Types.VARCHAR,
                            Types.VARBINARY,
                            Types.DATE,
                            Types.TIMESTAMP);
            assertThat(names)
                    .containsExactly(
                            "BOOLEAN",
                            "TINYINT",
                            "SMALLINT",
                            "INTEGER",
                            "BIGINT",
                            "REAL",
                            "DOUBLE",
                            "DECIMAL",
                            "VARCHAR",
                            "VARBINARY",
                            "DATE",
                            "TIMESTAMP");
            assertThat(meta.getColumnName(4)).isEqualTo("i");
            assertThat(meta.getColumnLabel(9)).isEqualTo("v");
            assertThat(meta.getPrecision(8)).isEqualTo(12);
            assertThat(meta.getScale(8)).isEqualTo(3);
            assertThat(meta.getPrecision(4)).isEqualTo(10);
            assertThat(meta.isNullable(4)).isEqualTo(ResultSetMetaData.columnNoNulls);
            assertThat(meta.isNullable(5)).isEqualTo(ResultSetMetaData.columnNullable);
            assertThat(meta.getColumnClassName(8)).isEqualTo(BigDecimal.class.getName());
            assertThat(meta.getColumnClassName(12)).isEqualTo(Timestamp.class.getName());
            assertThat(meta.isSigned(5)).isTrue();
            assertThat(meta.isSigned(9)).isFalse();
        }
    }

    @Test
    void maxRowsAndForwardOnly() throws SQLException {
        statement.setMaxRows(2);
        try (ResultSet result = statement.executeQuery("SELECT range FROM range(10) ORDER BY range")) {
            assertThat(result.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
            assertThat(result.isBeforeFirst()).isTrue();
            assertThat(result.next()).isTrue();
            assertThat(result.isFirst()).isTrue();
            assertThat(result.next()).isTrue();
            assertThat(result.getRow()).isEqualTo(2);
            assertThat(result.isLast()).isTrue();
            assertThat(result.next()).isFalse();
            assertThatThrownBy(result::previous).isInstanceOf(SQLFeatureNotSupportedException.class);
            assertThatThrownBy(() -> result.updateInt(1, 2)).isInstanceOf(SQLFeatureNotSupportedException.class);
        }
        assertThat(statement.getMaxRows()).isEqualTo(2);
        statement.closeOnCompletion();
        statement.executeQuery("SELECT 1").close();
        assertThat(statement.isClosed()).isTrue();
    }

    @Test
    void resultsAcrossManyBatchesAndUpdateCounts() throws SQLException {
        try (Connection small = DriverManager.getConnection("jdbc:quiver:?threads=2");
                Statement smallStatement = small.createStatement()) {
            assertThat(smallStatement.execute("SELECT range FROM range(200000)"))
                    .isTrue();
            long rows = 0;
            long sum = 0;
            try (ResultSet result = smallStatement.getResultSet()) {
                while (result.next()) {
                    rows++;
                    sum += result.getLong(1);
                }
            }
            assertThat(rows).isEqualTo(200_000);
            assertThat(sum).isEqualTo(199_999L * 200_000 / 2);
            assertThat(smallStatement.getUpdateCount()).isEqualTo(-1);
            assertThat(smallStatement.execute("CREATE TABLE x AS SELECT 1 AS a"))
                    .isFalse();
            assertThat(smallStatement.getUpdateCount()).isEqualTo(1);
            assertThat(smallStatement.getResultSet()).isNull();
            assertThat(smallStatement.getMoreResults()).isFalse();
            assertThat(smallStatement.getUpdateCount()).isEqualTo(-1);
            assertThatThrownBy(() -> smallStatement.executeQuery("DROP TABLE x"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("returns no rows");
            assertThatThrownBy(() -> smallStatement.executeUpdate("SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("executeUpdate ran a query");
        }
    }
}
