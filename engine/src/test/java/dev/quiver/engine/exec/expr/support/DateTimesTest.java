package dev.quiver.engine.exec.expr.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calendar arithmetic against java.time, day by day over more than ten thousand years. */
class DateTimesTest {

    @Test
    void civilFieldsAgreeWithJavaTime() {
        for (long days = -2_500_000; days <= 2_500_000; days++) {
            LocalDate date = LocalDate.ofEpochDay(days);
            if (DateTimes.year(days) != date.getYear()
                    || DateTimes.month(days) != date.getMonthValue()
                    || DateTimes.dayOfMonth(days) != date.getDayOfMonth()
                    || DateTimes.dayOfYear(days) != date.getDayOfYear()
                    || DateTimes.daysFromCivil(date.getYear(), date.getMonthValue(), date.getDayOfMonth()) != days) {
                throw new AssertionError("day " + days + " is " + date);
            }
        }
    }

    @Test
    void weeksAndWeekdaysAgreeWithJavaTime() {
        for (long days = -200_000; days <= 200_000; days += 3) {
            LocalDate date = LocalDate.ofEpochDay(days);
            assertThat(DateTimes.isoWeek(days)).as("%s", date).isEqualTo(date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            assertThat(DateTimes.isoYear(days)).as("%s", date).isEqualTo(date.get(IsoFields.WEEK_BASED_YEAR));
            assertThat(DateTimes.isoDayOfWeek(days))
                    .as("%s", date)
                    .isEqualTo(date.getDayOfWeek().getValue());
        }
    }

    @Test
    void addMonthsClampsToTheMonthEnd() {
        assertThat(DateTimes.formatDate(DateTimes.addMonths(DateTimes.daysFromCivil(1992, 1, 31), 1)))
                .isEqualTo("1992-02-29");
        assertThat(DateTimes.formatDate(DateTimes.addMonths(DateTimes.daysFromCivil(1992, 3, 31), -13)))
                .isEqualTo("1991-02-28");
        // year 0 is 1 BC, a leap year; twelve months later is 1 AD
        assertThat(DateTimes.formatDate(DateTimes.addMonths(DateTimes.daysFromCivil(0, 2, 29), 12)))
                .isEqualTo("0001-02-28");
    }

    @Test
    void infinitiesAndEpochParseFormatAndConvertAsDuckDb() throws DateTimes.ParseException {
        assertThat(DateTimes.parseDate("infinity")).isEqualTo(DateTimes.DATE_INFINITY);
        assertThat(DateTimes.parseDate(" -INFINITY\t")).isEqualTo(DateTimes.DATE_NEGATIVE_INFINITY);
        assertThat(DateTimes.parseDate("Epoch")).isZero();
        assertThat(DateTimes.parseTimestamp("infinity")).isEqualTo(Long.MAX_VALUE);
        assertThat(DateTimes.parseTimestamp("-infinity")).isEqualTo(-Long.MAX_VALUE);
        assertThat(DateTimes.formatDate(DateTimes.DATE_INFINITY)).isEqualTo("infinity");
        assertThat(DateTimes.formatTimestamp(DateTimes.TIMESTAMP_NEGATIVE_INFINITY))
                .isEqualTo("-infinity");
        assertThat(DateTimes.timestampOf(DateTimes.DATE_NEGATIVE_INFINITY))
                .isEqualTo(DateTimes.TIMESTAMP_NEGATIVE_INFINITY);
        assertThat(DateTimes.dateOf(DateTimes.TIMESTAMP_INFINITY)).isEqualTo(DateTimes.DATE_INFINITY);
        assertThat(DateTimes.timestampOf(1)).isEqualTo(DateTimes.MICROS_PER_DAY);
        // the sentinels lie beyond DuckDB's date range, so no real date is taken for one
        assertThat(DateTimes.daysFromCivil(DateTimes.MAX_YEAR, 7, 10)).isLessThan(DateTimes.DATE_INFINITY);
        assertThat(DateTimes.daysFromCivil(DateTimes.MIN_YEAR, 6, 25)).isGreaterThan(DateTimes.DATE_NEGATIVE_INFINITY);
        assertThat(DateTimes.isSpecialWord("2020-01-01")).isFalse();
        for (String text : List.of("infinit", "+infinity", "infinity x", "- infinity", "")) {
            assertThatThrownBy(() -> DateTimes.parseDate(text)).as(text).isInstanceOf(DateTimes.ParseException.class);
        }
    }
}
