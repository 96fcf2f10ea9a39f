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
}
