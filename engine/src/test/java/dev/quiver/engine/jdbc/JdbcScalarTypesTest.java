package dev.quiver.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.exec.vector.Interval;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TIME, TIMESTAMPTZ, UUID and HUGEINT through ResultSet getters, metadata and PreparedStatement setters. */
class JdbcScalarTypesTest {
    private static final UUID ID = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

    private Connection connection;
    private Statement statement;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:quiver:?threads=2");
        statement = connection.createStatement();
        statement.execute("CREATE TABLE s (tm TIME, tz TIMESTAMPTZ, u UUID, h HUGEINT)");
        statement.execute("INSERT INTO s VALUES ('12:34:56.789', '2024-01-02 03:04:05.5+02',"
                + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 170141183460469231731687303715884105)");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void gettersReturnDuckDbsJavaTypes() throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT tm, tz, u, h FROM s")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getObject(1)).isEqualTo(LocalTime.of(12, 34, 56, 789_000_000));
            assertThat(rows.getTime(1)).isEqualTo(Time.valueOf(LocalTime.of(12, 34, 56)));
            assertThat(rows.getString(1)).isEqualTo("12:34:56.789");
            OffsetDateTime instant = OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 500_000_000, ZoneOffset.UTC);
            assertThat(rows.getObject(2)).isEqualTo(instant);
            assertThat(rows.getObject(2, OffsetDateTime.class)).isEqualTo(instant);
            assertThat(rows.getTimestamp(2)).isEqualTo(Timestamp.from(instant.toInstant()));
            assertThat(rows.getString(2)).isEqualTo("2024-01-02 01:04:05.5+00");
            assertThat(rows.getObject(3)).isEqualTo(ID);
            assertThat(rows.getObject(3, UUID.class)).isEqualTo(ID);
            assertThat(rows.getString(3)).isEqualTo(ID.toString());
            assertThat(rows.getObject(4)).isEqualTo(new BigDecimal("170141183460469231731687303715884105"));
            assertThat(rows.getObject(4, BigInteger.class))
                    .isEqualTo(new BigInteger("170141183460469231731687303715884105"));
        }
    }

    @Test
    void infiniteDatesAndTimestampsReadAsDuckDbsDriverReadsThem() throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT DATE 'infinity', TIMESTAMP '-infinity', '-infinity'::TIMESTAMPTZ, DATE '-infinity'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("infinity");
            assertThat(rows.getString(2)).isEqualTo("-infinity");
            assertThat(rows.getString(3)).isEqualTo("-infinity");
            assertThat(rows.getString(4)).isEqualTo("-infinity");
            // the date and instant of the raw value, as DuckDB's driver gives them
            assertThat(rows.getObject(1, LocalDate.class)).isEqualTo(LocalDate.ofEpochDay(Integer.MAX_VALUE));
            assertThat(rows.getObject(2, LocalDateTime.class))
                    .isEqualTo(LocalDateTime.ofEpochSecond(-9_223_372_036_855L, 224_193_000, ZoneOffset.UTC));
        }
    }

    @Test
    void intervalsReadAsMonthsDaysAndMicros() throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT INTERVAL '1 year 2 months 3 days 00:00:01.5' AS i, CAST(NULL AS INTERVAL) AS n")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getObject(1)).isEqualTo(new Interval(14, 3, 1_500_000));
            assertThat(rows.getString(1)).isEqualTo("1 year 2 months 3 days 00:00:01.5");
            assertThat(rows.getObject(2)).isNull();
            assertThat(rows.getString(2)).isNull();
            assertThat(rows.getMetaData().getColumnTypeName(1)).isEqualTo("INTERVAL");
        }
    }

    @Test
    void metadataNamesTypesAsDuckDb() throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT tm, tz, u FROM s")) {
            ResultSetMetaData meta = rows.getMetaData();
            assertThat(meta.getColumnType(1)).isEqualTo(Types.TIME);
            assertThat(meta.getColumnTypeName(1)).isEqualTo("TIME");
            assertThat(meta.getColumnType(2)).isEqualTo(Types.TIMESTAMP_WITH_TIMEZONE);
            assertThat(meta.getColumnTypeName(2)).isEqualTo("TIMESTAMP WITH TIME ZONE");
            assertThat(meta.getColumnClassName(2)).isEqualTo(OffsetDateTime.class.getName());
            assertThat(meta.getColumnType(3)).isEqualTo(Types.OTHER);
            assertThat(meta.getColumnTypeName(3)).isEqualTo("UUID");
            assertThat(meta.getColumnClassName(3)).isEqualTo(UUID.class.getName());
        }
    }

    @Test
    void settersBindTheNewTypes() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO s (tm, tz, u) VALUES (?, ?, ?)")) {
            insert.setObject(1, LocalTime.of(1, 2, 3));
            insert.setObject(2, Instant.parse("2030-05-06T07:08:09Z"));
            insert.setObject(3, UUID.fromString("00000000-0000-0000-0000-000000000001"));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT tm, tz FROM s WHERE u = ? AND tz > ?")) {
            select.setObject(1, UUID.fromString("00000000-0000-0000-0000-000000000001"));
            select.setObject(2, OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)));
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getObject(1, LocalTime.class)).isEqualTo(LocalTime.of(1, 2, 3));
                assertThat(rows.getObject(2, Instant.class)).isEqualTo(Instant.parse("2030-05-06T07:08:09Z"));
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void theSessionTimeZoneShowsTextButNotInstants() throws SQLException {
        statement.execute("SET TimeZone = 'America/New_York'");
        try (ResultSet rows = statement.executeQuery("SELECT tz::VARCHAR, tz, current_setting('TimeZone') FROM s")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("2024-01-01 20:04:05.5-05");
            assertThat(rows.getObject(2, Instant.class)).isEqualTo(Instant.parse("2024-01-02T01:04:05.5Z"));
            assertThat(rows.getString(3)).isEqualTo("America/New_York");
        }
    }
}
