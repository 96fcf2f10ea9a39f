package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Calendar;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PreparedStatement parameters: every type, quoting, reuse, missing values, NULLs and batches. */
class JdbcPreparedStatementTest {
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:quiver:?threads=2");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE typed (b BOOLEAN, t TINYINT, s SMALLINT, i INTEGER, l BIGINT, r REAL,"
                    + " d DOUBLE, m DECIMAL(12, 3), v VARCHAR, y VARBINARY, dt DATE, ts TIMESTAMP)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void dateWithCalendarIsTheDayOfThatInstantInTheCalendarsZone() throws SQLException {
        Date midnightUtc = new Date(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli());
        try (PreparedStatement select = connection.prepareStatement("SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR)")) {
            select.setDate(1, midnightUtc, Calendar.getInstance(TimeZone.getTimeZone("UTC")));
            select.setDate(2, midnightUtc, Calendar.getInstance(TimeZone.getTimeZone("America/Los_Angeles")));
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("2024-02-29");
                assertThat(result.getString(2)).isEqualTo("2024-02-28");
            }
        }
    }

    @Test
    void everyTypeGoesInAndComesBack() throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setBoolean(1, true);
            insert.setByte(2, (byte) -8);
            insert.setShort(3, (short) -300);
            insert.setInt(4, -7);
            insert.setLong(5, -9_000_000_000L);
            insert.setFloat(6, -1.5f);
            insert.setDouble(7, 1e300);
            insert.setBigDecimal(8, new BigDecimal("-1234.125"));
            insert.setString(9, "it's \"quoted\" 日本");
            insert.setBytes(10, new byte[] {0, (byte) 0xFF});
            insert.setDate(11, Date.valueOf("2024-02-29"));
            insert.setTimestamp(12, Timestamp.valueOf("2024-02-29 12:34:56.123456"));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT i, v FROM typed WHERE b = ? AND t = ? AND s = ? AND l = ? AND r = ? AND d = ? AND m = ?"
                        + " AND v = ? AND y = ? AND dt = ? AND ts = ?")) {
            select.setObject(1, true);
            select.setObject(2, (byte) -8);
            select.setObject(3, (short) -300);
            select.setObject(4, -9_000_000_000L);
            select.setObject(5, -1.5f);
            select.setObject(6, 1e300);
            select.setObject(7, new BigDecimal("-1234.125"));
            select.setObject(8, "it's \"quoted\" 日本");
            select.setObject(9, new byte[] {0, (byte) 0xFF});
            select.setObject(10, LocalDate.of(2024, 2, 29));
            select.setObject(11, LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000));
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(-7);
                assertThat(result.getString(2)).isEqualTo("it's \"quoted\" 日本");
                assertThat(result.next()).isFalse();
            }
        }
    }

    @Test
    void aValueIsNeverSqlText() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO typed (i, v) VALUES (1, 'O''Brien'), (2, 'other')");
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT i FROM typed WHERE v = ?")) {
            select.setString(1, "x' OR '1'='1");
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).isFalse();
            }
            select.setString(1, "O'Brien");
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(1);
            }
            select.setString(1, "'; DROP TABLE typed; --"); // reuse with a new value
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).isFalse();
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM typed")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void parametersInExpressionsAndSelectLists() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT ? + 1, ?, ? || 'b', ?")) {
            select.setLong(1, 41);
            select.setDouble(2, -0.25);
            select.setString(3, "a");
            select.setNull(4, Types.INTEGER);
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(42);
                assertThat(result.getDouble(2)).isEqualTo(-0.25);
                assertThat(result.getString(3)).isEqualTo("ab");
                assertThat(result.getObject(4)).isNull();
                assertThat(result.getMetaData().getColumnType(4)).isEqualTo(Types.INTEGER);
            }
        }
    }

    @Test
    void aMissingParameterIsAClearError() throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT ? + ?")) {
            select.setInt(1, 1);
            assertThatThrownBy(select::executeQuery)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("No value specified for parameter 2 of 2")
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("07001");
            assertThatThrownBy(() -> select.setInt(3, 1))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("parameter index 3 is out of range");
            select.setInt(2, 2);
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(3);
            }
            select.clearParameters();
            assertThatThrownBy(select::executeQuery).hasMessageContaining("parameter 1");
        }
        assertThatThrownBy(() -> connection.prepareStatement("SELEC ?")).isInstanceOf(SQLSyntaxErrorException.class);
    }

    @Test
    void nullsAndBatches() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO typed (i, v, dt) VALUES (?, ?, ?)")) {
            for (int row = 0; row < 3; row++) {
                insert.setInt(1, row);
                insert.setString(2, row == 1 ? null : "row " + row);
                insert.setDate(3, null);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*), count(v), count(dt) FROM typed")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(3);
            assertThat(result.getLong(2)).isEqualTo(2);
            assertThat(result.getLong(3)).isZero();
        }
    }
}
