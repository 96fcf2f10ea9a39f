package dev.quiver.engine.exec.expr.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** DuckDB's strftime/strptime formats: writing, reading back, and the errors for bad formats and values. */
class DateTimeFormatTest {
    private static long micros(String timestamp) throws DateTimes.ParseException {
        return DateTimes.parseTimestamp(timestamp);
    }

    @Test
    void writesEverySpecifier() throws Exception {
        long value = micros("2024-01-05 15:04:05.123456");
        assertThat(DateTimeFormat.compile("%Y-%m-%d %H:%M:%S.%f").format(value, null))
                .isEqualTo("2024-01-05 15:04:05.123456");
        assertThat(DateTimeFormat.compile("%a %A %b %B %j %U %W %V %G %u %w").format(value, null))
                .isEqualTo("Fri Friday Jan January 005 00 01 01 2024 5 5");
        assertThat(DateTimeFormat.compile("%-d/%-m %I%p %-I %g %n %y %z%Z %%").format(value, null))
                .isEqualTo("5/1 03PM 3 123 123456000 24 +00 %");
        assertThat(DateTimeFormat.compile("%c|%x|%X").format(value, null))
                .isEqualTo("2024-01-05 15:04:05|2024-01-05|15:04:05");
    }

    @Test
    void writesATimestampTzOnTheZonesWallClock() throws Exception {
        long value = micros("2024-01-05 15:04:05");
        assertThat(DateTimeFormat.compile("%H:%M %z").format(value, ZoneId.of("Asia/Kolkata")))
                .isEqualTo("20:34 +05:30");
    }

    @Test
    void readsWhatItWrites() throws Exception {
        DateTimeFormat format = DateTimeFormat.compile("%d/%b/%Y:%H:%M:%S.%f");
        long value = micros("2024-01-05 10:11:12.5");
        assertThat(format.parse(format.format(value, null))).isEqualTo(value);
        assertThat(DateTimeFormat.compile("%Y%m%d").parse("20240105")).isEqualTo(micros("2024-01-05"));
        assertThat(DateTimeFormat.compile("%I:%M %p").parse("12:30 am")).isEqualTo(micros("1900-01-01 00:30"));
        assertThat(DateTimeFormat.compile("%Y-%m-%d %H:%M%z").parse("2024-01-05 03:04+02:30"))
                .isEqualTo(micros("2024-01-05 00:34"));
        assertThat(DateTimeFormat.compile("%Y-%m-%d %H:%M%z").hasZone()).isTrue();
    }

    @Test
    void refusesUnknownSpecifiersAndMismatchedValues() {
        assertThatThrownBy(() -> DateTimeFormat.compile("%Y-%Q"))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("%Y-%Q")
                .satisfies(e -> assertThat(((QuiverException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        DateTimeFormat format = DateTimeFormat.compile("%Y-%m-%d");
        assertThatThrownBy(() -> format.parse("2024-13-01")).hasMessageContaining("Month out of range");
        assertThatThrownBy(() -> format.parse("2024-02-30")).hasMessageContaining("Date out of range");
        assertThatThrownBy(() -> format.parse("2024-01-01x")).hasMessageContaining("trailing characters");
        assertThatThrownBy(() -> format.parse("2024/01/01")).hasMessageContaining("Literal does not match");
    }

    @Test
    void readsWeeksIsoWeeksAndDaysOfTheYearAsTheLastDecidingSpecifierSays() throws Exception {
        assertThat(DateTimeFormat.compile("%Y %U %w").parse("2024 05 1")).isEqualTo(micros("2024-02-05"));
        assertThat(DateTimeFormat.compile("%Y %W %w").parse("2023 00 0")).isEqualTo(micros("2023-01-01"));
        assertThat(DateTimeFormat.compile("%G-W%V-%u").parse("2024-W05-1")).isEqualTo(micros("2024-01-29"));
        assertThat(DateTimeFormat.compile("%G %V %u").parse("2020 53 5")).isEqualTo(micros("2021-01-01"));
        assertThat(DateTimeFormat.compile("%G %Y").parse("2021 1950")).isEqualTo(micros("1950-01-01"));
        assertThat(DateTimeFormat.compile("%Y %j %m %d").parse("2023 100 05 07"))
                .isEqualTo(micros("2023-05-07"));
        assertThat(DateTimeFormat.compile("%Y %j").parse("2023 366")).isEqualTo(micros("2024-01-01"));
        assertThatThrownBy(() -> DateTimeFormat.compile("%Y %V %u").parse("2024 05 3"))
                .hasMessageContaining("Use '%G' instead");
        assertThatThrownBy(() -> DateTimeFormat.compile("%G %U").parse("2024 05"))
                .hasMessageContaining("Multiple week offsets");
        assertThatThrownBy(() -> DateTimeFormat.compile("%G %G").parse("2024 2023"))
                .hasMessageContaining("Multiple ISO year offsets");
        assertThatThrownBy(() -> DateTimeFormat.compile("%H %p").parse("20 PM")).hasMessageContaining("Invalid hour");
    }

    @Test
    void readsAZoneNameIntoTheUtcInstant() throws Exception {
        DateTimeFormat format = DateTimeFormat.compile("%Y-%m-%d %H:%M %Z");
        assertThat(format.hasZone()).isTrue();
        assertThat(format.parse("2024-01-05 10:00 America/New_York")).isEqualTo(micros("2024-01-05 15:00"));
        assertThat(format.parse("2024-07-05 10:00 pst")).isEqualTo(micros("2024-07-05 17:00"));
        assertThat(DateTimeFormat.compile("%H:%M %z %Z").parse("10:00 +02 Asia/Tokyo"))
                .isEqualTo(micros("1900-01-01 08:00"));
        assertThatThrownBy(() -> format.parse("2024-01-05 10:00 Nowhere/Foo"))
                .hasMessageContaining("Unknown TimeZone 'Nowhere/Foo'");
        assertThatThrownBy(() -> format.parse("2024-01-05 10:00 ")).hasMessageContaining("Empty Time Zone name");
        assertThat(DateTimeFormat.compile("%Z").format(0, java.time.ZoneOffset.UTC))
                .isEqualTo("UTC");
    }
}
