package dev.quiver.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.util.DateString;
import org.junit.jupiter.api.Test;

/** The validator's own reading of {@code DATE 'yyyy-mm-dd'} gives what Calcite's parser gives, or leaves it to it. */
class IsoDateLiteralTest {
    private static final SqlParserPos POSITION = new SqlParserPos(3, 7);

    @Test
    void everyDayOfFiveCenturiesReadsAsCalciteReadsIt() {
        for (LocalDate day = LocalDate.of(1583, 1, 1); day.getYear() < 2100; day = day.plusDays(1)) {
            String text = day.toString();
            SqlLiteral fast = QuiverValidator.isoDate(unknown("DATE", text));
            assertThat(fast).as(text).isNotNull();
            assertThat(fast.getValueAs(DateString.class))
                    .as(text)
                    .isEqualTo(SqlParserUtil.parseDateLiteral(text, POSITION).getValueAs(DateString.class));
            assertThat(fast.getParserPosition()).isEqualTo(POSITION);
        }
    }

    @Test
    void leavesEverythingElseToCalcite() {
        List<String> others = new ArrayList<>(List.of(
                "2023-02-29", // not a leap year
                "1900-02-29", // nor is 1900
                "2024-04-31",
                "2024-13-01",
                "2024-00-10",
                "2024-01-00",
                "2024-1-05", // Calcite reads these: they stay its business
                "2024-01-5 ",
                " 2024-01-05",
                "20240105",
                "2024/01/05",
                "2024-01-0x",
                "1500-02-29", // Calcite's Julian calendar has this day, ISO does not
                "1582-10-10", // in the days Gregory's reform skipped
                "0001-01-01"));
        for (String text : others) {
            assertThat(QuiverValidator.isoDate(unknown("DATE", text))).as(text).isNull();
        }
        assertThat(QuiverValidator.isoDate(unknown("TIMESTAMP", "2024-01-05"))).isNull();
        assertThat(QuiverValidator.isoDate(unknown("TIME", "2024-01-05"))).isNull();
        assertThat(QuiverValidator.isoDate(unknown("date", "2024-02-29"))).isNull(); // the parser writes DATE
        assertThat(QuiverValidator.isoDate(unknown("DATE", "2024-02-29")).getValueAs(DateString.class))
                .isEqualTo(new DateString(2024, 2, 29));
    }

    private static SqlUnknownLiteral unknown(String tag, String text) {
        return (SqlUnknownLiteral) SqlLiteral.createUnknown(tag, text, POSITION);
    }
}
