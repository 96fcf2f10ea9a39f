package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.ExtractExpr.Unit;
import dev.quiver.engine.exec.expr.support.DateTimes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EXTRACT and date arithmetic; expected values are DuckDB 1.x's answers. */
class DateTimeExprTest extends ExprTestSupport {

    private Object extract(Unit unit, String date) {
        return eval(new ExtractExpr(unit, column(0, DATE), BIGINT), batch(dates(date)))
                .getFirst();
    }

    private Object extractTimestamp(Unit unit, String timestamp) {
        return eval(new ExtractExpr(unit, column(0, TIMESTAMP), BIGINT), batch(timestamps(timestamp)))
                .getFirst();
    }

    @Test
    void dateFields() {
        assertThat(extract(Unit.YEAR, "1992-03-07")).isEqualTo(1992L);
        assertThat(extract(Unit.MONTH, "1992-03-07")).isEqualTo(3L);
        assertThat(extract(Unit.DAY, "1992-03-07")).isEqualTo(7L);
        assertThat(extract(Unit.QUARTER, "1992-03-07")).isEqualTo(1L);
        assertThat(extract(Unit.DOW, "1992-03-08")).isEqualTo(0L);
        assertThat(extract(Unit.ISODOW, "1992-03-08")).isEqualTo(7L);
        assertThat(extract(Unit.DOY, "1992-03-07")).isEqualTo(67L);
        assertThat(extract(Unit.WEEK, "1992-01-01")).isEqualTo(1L);
        assertThat(extract(Unit.WEEK, "2021-01-03")).isEqualTo(53L);
        assertThat(extract(Unit.ISOYEAR, "1992-01-01")).isEqualTo(1992L);
        assertThat(extract(Unit.ISOYEAR, "2021-01-03")).isEqualTo(2020L);
        assertThat(extract(Unit.DECADE, "1992-03-07")).isEqualTo(199L);
        assertThat(extract(Unit.CENTURY, "1992-03-07")).isEqualTo(20L);
        assertThat(extract(Unit.CENTURY, "2000-01-01")).isEqualTo(20L);
        assertThat(extract(Unit.CENTURY, "2001-01-01")).isEqualTo(21L);
        assertThat(extract(Unit.MILLENNIUM, "2000-03-07")).isEqualTo(2L);
        assertThat(extract(Unit.EPOCH, "1992-03-07")).isEqualTo(699926400L);
        assertThat(extract(Unit.HOUR, "1992-03-07")).isEqualTo(0L);
    }

    @Test
    void yearsBeforeTheCommonEra() {
        assertThat(extract(Unit.YEAR, "0001-12-31 (BC)")).isEqualTo(0L);
        assertThat(extract(Unit.YEAR, "0005-01-01 (BC)")).isEqualTo(-4L);
        assertThat(extract(Unit.CENTURY, "0005-01-01 (BC)")).isEqualTo(-1L);
        assertThat(extract(Unit.MILLENNIUM, "0005-01-01 (BC)")).isEqualTo(-1L);
        assertThat(extract(Unit.DECADE, "0005-01-01 (BC)")).isEqualTo(0L);
        assertThat(extract(Unit.DECADE, "0005-01-01")).isEqualTo(0L);
    }

    @Test
    void timestampFields() {
        String instant = "1992-03-07 13:14:15.678";
        assertThat(extractTimestamp(Unit.HOUR, instant)).isEqualTo(13L);
        assertThat(extractTimestamp(Unit.MINUTE, instant)).isEqualTo(14L);
        assertThat(extractTimestamp(Unit.SECOND, instant)).isEqualTo(15L);
        assertThat(extractTimestamp(Unit.MILLISECOND, instant)).isEqualTo(15678L);
        assertThat(extractTimestamp(Unit.MICROSECOND, instant)).isEqualTo(15678000L);
        assertThat(extractTimestamp(Unit.EPOCH, instant)).isEqualTo(699974055L);
        assertThat(extractTimestamp(Unit.YEAR, "1969-12-31 23:59:59")).isEqualTo(1969L);
        assertThat(extractTimestamp(Unit.HOUR, "1969-12-31 23:59:59")).isEqualTo(23L);
        assertThat(eval(new ExtractExpr(Unit.EPOCH, column(0, TIMESTAMP), DOUBLE), batch(timestamps(instant))))
                .containsExactly(6.99974055678E8);
    }

    @Test
    void extractManyRowsAndNulls() {
        int rows = 3000;
        String[] values = new String[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = row % 13 == 0
                    ? null
                    : java.time.LocalDate.of(1900, 1, 1).plusDays(row * 17L).toString();
        }
        Batch input = batch(dates(values));
        List<Object> years = eval(new ExtractExpr(Unit.YEAR, column(0, DATE), INTEGER), input);
        List<Object> months = eval(new ExtractExpr(Unit.MONTH, column(0, DATE), BIGINT), input);
        List<Object> weeks = eval(new ExtractExpr(Unit.WEEK, column(0, DATE), BIGINT), input);
        List<Object> days = eval(new ExtractExpr(Unit.DOY, column(0, DATE), BIGINT), input);
        for (int row = 0; row < rows; row++) {
            if (values[row] == null) {
                assertThat(years.get(row)).isNull();
                continue;
            }
            java.time.LocalDate date = java.time.LocalDate.parse(values[row]);
            assertThat(years.get(row)).isEqualTo(date.getYear());
            assertThat(months.get(row)).isEqualTo((long) date.getMonthValue());
            assertThat(weeks.get(row)).isEqualTo((long) date.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            assertThat(days.get(row)).isEqualTo((long) date.getDayOfYear());
        }
    }

    @Test
    void extractRejectsNonDates() {
        assertThatThrownBy(() -> new ExtractExpr(Unit.YEAR, column(0, VARCHAR), BIGINT))
                .hasMessageContaining("needs a DATE, TIME or TIMESTAMP");
    }

    @Test
    void dateArithmetic() {
        Batch input = batch(dates("1992-01-31", "1992-03-31", "1992-02-29", "1998-12-01", null));
        ColumnExpr date = column(0, DATE);
        assertThat(eval(new DateAddExpr(date, 1, 0, DATE), input))
                .containsExactly("1992-02-29", "1992-04-30", "1992-03-29", "1999-01-01", null);
        assertThat(eval(new DateAddExpr(date, -1, 0, DATE), input))
                .containsExactly("1991-12-31", "1992-02-29", "1992-01-29", "1998-11-01", null);
        assertThat(eval(new DateAddExpr(date, 12, 0, DATE), input).get(2)).isEqualTo("1993-02-28");
        long day = DateTimes.MICROS_PER_DAY;
        assertThat(eval(new DateAddExpr(date, 0, -90 * day, DATE), input).get(3))
                .isEqualTo("1998-09-02");
        // DATE + 36 hours gives a TIMESTAMP in DuckDB; as a DATE it is the day the instant falls in
        assertThat(eval(new DateAddExpr(date, 0, 36 * DateTimes.MICROS_PER_HOUR, DATE), input)
                        .getFirst())
                .isEqualTo("1992-02-01");
        assertThat(eval(new DateAddExpr(date, 0, -36 * DateTimes.MICROS_PER_HOUR, DATE), input)
                        .getFirst())
                .isEqualTo("1992-01-29");
        assertThat(eval(new DateAddExpr(date, 0, 36 * DateTimes.MICROS_PER_HOUR, TIMESTAMP), input)
                        .getFirst())
                .isEqualTo("1992-02-01 12:00:00");
    }

    @Test
    void timestampArithmetic() {
        Batch input = batch(timestamps("1992-01-31 10:00:00", "1969-12-31 23:59:59.5"));
        ColumnExpr timestamp = column(0, TIMESTAMP);
        assertThat(eval(new DateAddExpr(timestamp, 1, 0, TIMESTAMP), input))
                .containsExactly("1992-02-29 10:00:00", "1970-01-31 23:59:59.5");
        assertThat(eval(
                        new DateAddExpr(
                                timestamp, 0, DateTimes.MICROS_PER_DAY + 2 * DateTimes.MICROS_PER_HOUR, TIMESTAMP),
                        input))
                .containsExactly("1992-02-01 12:00:00", "1970-01-02 01:59:59.5");
        assertThat(eval(new DateAddExpr(timestamp, 0, 500_000, TIMESTAMP), input)
                        .get(1))
                .isEqualTo("1970-01-01 00:00:00");
    }

    @Test
    void inLists() {
        Batch input = batch(
                ints(1, 2, 3, null),
                strings("a", "bb", "c", null),
                doubles(1.5, Double.NaN, -0.0, null),
                decimals(15, 2, "1.50", "2.00", "2.01", null),
                dates("1992-01-01", "1993-01-01", "1994-01-01", null));
        assertThat(eval(
                        new InListExpr(
                                column(0, INTEGER),
                                List.of(literal(INTEGER, 3), literal(INTEGER, 1)),
                                false,
                                null,
                                BOOLEAN),
                        input))
                .containsExactly(true, false, true, null);
        assertThat(eval(
                        new InListExpr(
                                column(0, INTEGER),
                                List.of(literal(INTEGER, 3), literal(INTEGER, 1)),
                                true,
                                null,
                                BOOLEAN),
                        input))
                .containsExactly(false, true, false, null);
        assertThat(eval(new InListExpr(column(0, INTEGER), List.of(literal(INTEGER, 3)), false, false, BOOLEAN), input))
                .containsExactly(false, false, true, false);
        assertThat(eval(
                        new InListExpr(
                                column(1, VARCHAR),
                                List.of(literal(VARCHAR, "bb"), literal(VARCHAR, "c"), literal(VARCHAR, "zz")),
                                false,
                                null,
                                BOOLEAN),
                        input))
                .containsExactly(false, true, true, null);
        assertThat(eval(
                        new InListExpr(
                                column(2, DOUBLE),
                                List.of(literal(DOUBLE, Double.NaN), literal(DOUBLE, 0.0)),
                                false,
                                null,
                                BOOLEAN),
                        input))
                .containsExactly(false, true, true, null);
        assertThat(eval(
                        new InListExpr(
                                column(3, decimal(15, 2)),
                                List.of(literal(decimal(15, 2), 1.5), literal(decimal(15, 2), 2)),
                                false,
                                null,
                                BOOLEAN),
                        input))
                .containsExactly(true, true, false, null);
        assertThat(eval(
                        new InListExpr(
                                column(4, DATE), List.of(literal(DATE, date("1993-01-01"))), false, null, BOOLEAN),
                        input))
                .containsExactly(false, true, false, null);
    }

    @Test
    void inListConstantsMustHaveTheValueType() {
        assertThatThrownBy(
                        () -> new InListExpr(column(0, INTEGER), List.of(literal(VARCHAR, "a")), false, null, BOOLEAN))
                .hasMessageContaining("does not have the value's type INTEGER");
    }
}
