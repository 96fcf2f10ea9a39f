package dev.quiver.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random values cast by Quiver and by DuckDB ({@code TRY_CAST}, so a failure is a NULL there and
 * an INVALID_CAST here): text forms of numbers and dates, and parsing of numbers, dates and
 * booleans from text, including malformed text.
 */
@Tag("slow") // thousands of random casts checked against DuckDB: ~9 s
class CastDuckDbFuzzTest extends ExprTestSupport {
    private static Connection duckdb;

    @BeforeAll
    static void openDuckDb() throws SQLException {
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void closeDuckDb() throws SQLException {
        duckdb.close();
    }

    /** DuckDB's answers for {@code TRY_CAST(CAST(? AS sourceType) AS targetType)}, as text (null for NULL). */
    private static List<String> duckdb(List<String> inputs, String sourceType, String targetType) throws SQLException {
        List<String> answers = new ArrayList<>();
        try (PreparedStatement statement = duckdb.prepareStatement(
                "SELECT CAST(TRY_CAST(CAST(? AS " + sourceType + ") AS " + targetType + ") AS VARCHAR)")) {
            for (String input : inputs) {
                statement.setString(1, input);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    answers.add(rows.getString(1));
                }
            }
        }
        return answers;
    }

    /** Quiver's cast of each value on its own (a one-row batch), as text; null where the cast fails. */
    private List<String> quiver(FieldVector values, Field target) {
        batch(values);
        List<String> answers = new ArrayList<>();
        for (int row = 0; row < values.getValueCount(); row++) {
            try (FieldVector picked =
                            dev.quiver.engine.exec.vector.Gather.gather(values, new int[] {row}, 1, allocator);
                    Batch single = new Batch(List.of(picked), 1)) {
                Expr cast = new CastExpr(column(0, values.getField()), target);
                Expr text = ValueKind.of(target.getType()) == ValueKind.VARCHAR ? cast : new CastExpr(cast, VARCHAR);
                try (FieldVector result = text.evaluate(single, context)) {
                    answers.add(result.isNull(0) ? null : result.getObject(0).toString());
                } catch (QuiverException e) {
                    answers.add(null);
                }
            }
        }
        return answers;
    }

    private static void compare(List<String> inputs, List<String> expected, List<String> actual) {
        List<String> mismatches = new ArrayList<>();
        for (int index = 0; index < inputs.size(); index++) {
            if (!java.util.Objects.equals(expected.get(index), actual.get(index))) {
                mismatches.add(
                        "'" + inputs.get(index) + "': DuckDB " + expected.get(index) + ", Quiver " + actual.get(index));
            }
        }
        assertThat(mismatches).as("casts that differ").isEmpty();
    }

    @Test
    void doublesToText() throws SQLException {
        Random random = new Random(42);
        List<Double> values = new ArrayList<>();
        for (int index = 0; index < 400; index++) {
            values.add(
                    switch (index % 4) {
                        case 0 -> Double.longBitsToDouble(random.nextLong());
                        case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                        case 2 -> (double) Math.round(random.nextDouble() * 1e6) / Math.pow(10, random.nextInt(8));
                        default -> Math.pow(10, random.nextInt(44) - 22) * (random.nextBoolean() ? 1 : -1);
                    });
        }
        values.removeIf(value -> value.isNaN() || value.isInfinite());
        List<String> inputs = values.stream()
                .map(value -> new java.math.BigDecimal(value).toString())
                .toList();
        List<String> expected = duckdb(inputs, "DOUBLE", "VARCHAR");
        List<String> actual = quiver(doubles(values.toArray(Double[]::new)), VARCHAR);
        compare(inputs, expected, actual);
    }

    @Test
    void realsToText() throws SQLException {
        Random random = new Random(43);
        List<Float> values = new ArrayList<>();
        for (int index = 0; index < 300; index++) {
            values.add(
                    switch (index % 3) {
                        case 0 -> Float.intBitsToFloat(random.nextInt());
                        case 1 -> (float) (random.nextDouble() * Math.pow(10, random.nextInt(30) - 15));
                        default -> (float) Math.round(random.nextDouble() * 1e5) / 100f;
                    });
        }
        // Known difference: DuckDB prints some whole floats of 2^24 and more with all their digits
        // (767700032.0 where the shortest form that reads back is 767700030.0); its formatter is
        // not always shortest there. Those are left out.
        values.removeIf(value ->
                value.isNaN() || value.isInfinite() || (Math.abs(value) >= 16777216f && value == Math.rint(value)));
        List<String> inputs = values.stream()
                .map(value -> new java.math.BigDecimal(value).toString())
                .toList();
        List<String> expected = duckdb(inputs, "REAL", "VARCHAR");
        List<String> actual = quiver(reals(values.toArray(Float[]::new)), VARCHAR);
        compare(inputs, expected, actual);
    }

    @Test
    void doublesToDecimalsAndIntegers() throws SQLException {
        Random random = new Random(44);
        List<Double> values = new ArrayList<>();
        for (int index = 0; index < 300; index++) {
            double value = Math.round(random.nextDouble() * 1e6) / 1000.0 + (index % 3 == 0 ? 0.0005 : 0);
            values.add(random.nextBoolean() ? value : -value);
        }
        List<String> inputs = values.stream()
                .map(value -> new java.math.BigDecimal(value).toString())
                .toList();
        compare(
                inputs,
                duckdb(inputs, "DOUBLE", "DECIMAL(10,2)"),
                quiver(doubles(values.toArray(Double[]::new)), decimal(10, 2)));
        compare(inputs, duckdb(inputs, "DOUBLE", "INTEGER"), quiver(doubles(values.toArray(Double[]::new)), INTEGER));
    }

    @Test
    void textToNumbers() throws SQLException {
        Random random = new Random(45);
        String alphabet = "0123456789    .._-+eE1x";
        List<String> inputs = new ArrayList<>(List.of(
                "12",
                " 12 ",
                "+12",
                "1.5",
                "2.5",
                "-2.5",
                "1e2",
                "1_000",
                "1__0",
                "_1",
                "1_",
                ".5",
                "5.",
                ".",
                "",
                "-",
                "+",
                "1e",
                "e1",
                "0x1F",
                "0b101",
                "1.5e1",
                "127.5",
                "-0",
                "00012",
                "1.2.3",
                "9223372036854775807",
                "9223372036854775808",
                "1e400",
                "-.5e-1"));
        for (int index = 0; index < 300; index++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(7); length > 0; length--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            inputs.add(text.toString());
        }
        for (String target : List.of("INTEGER", "BIGINT", "DOUBLE", "DECIMAL(10,2)", "TINYINT")) {
            Field field = switch (target) {
                case "INTEGER" -> INTEGER;
                case "BIGINT" -> BIGINT;
                case "DOUBLE" -> DOUBLE;
                case "TINYINT" -> TINYINT;
                default -> decimal(10, 2);
            };
            compare(inputs, duckdb(inputs, "VARCHAR", target), quiver(strings(inputs.toArray(String[]::new)), field));
        }
    }

    @Test
    void textToDatesTimestampsAndBooleans() throws SQLException {
        List<String> inputs = new ArrayList<>(List.of(
                "1992-01-05",
                "1992-1-5",
                " 1992-01-05 ",
                "1992/01/05",
                "1992 01 05",
                "1992.01.05",
                "1992-01/05",
                "19920105",
                "92-01-05",
                "1992-02-30",
                "1992-02-29",
                "1993-02-29",
                "0000-01-01",
                "-0044-03-15",
                "1992-01-05 (BC)",
                "1992-01-05 12:00:00",
                "1992-01-05T10:00:00",
                "1992-01-05 xyz",
                "1992-01-05 1:2:3",
                "1992-01-05 01:02",
                "1992-01-05 01:02:03.1234567",
                "1992-01-05 24:00:00",
                "1992-01-05 25:00:00",
                "1992-01-05 01:60:00",
                "1992-01-05 01:02:60",
                " 1992-01-05T01:02:03.5Z ",
                "1992-01-05 01:02:03+05:30",
                "2000-13-01",
                "2000-00-10",
                "2000-01-00",
                "2000-01-32",
                "12345-01-01",
                "1992-01-05  ",
                "1992-01-05T",
                "",
                "true",
                "T",
                "yes",
                "y",
                "1",
                "0",
                "FALSE",
                "f",
                "no",
                "n",
                "off",
                "maybe",
                " true",
                "TRUE "));
        Random random = new Random(46);
        for (int index = 0; index < 200; index++) {
            long days = random.nextInt(200_000) - 100_000;
            String date = java.time.LocalDate.ofEpochDay(days).toString();
            inputs.add(
                    index % 2 == 0
                            ? date
                            : date + " " + random.nextInt(24) + ":" + random.nextInt(60) + ":" + random.nextInt(60)
                                    + "." + random.nextInt(1_000_000));
        }
        String[] values = inputs.toArray(String[]::new);
        compare(inputs, duckdb(inputs, "VARCHAR", "DATE"), quiver(strings(values), DATE));
        compare(inputs, duckdb(inputs, "VARCHAR", "TIMESTAMP"), quiver(strings(values), TIMESTAMP));
        compare(inputs, duckdb(inputs, "VARCHAR", "BOOLEAN"), quiver(strings(values), BOOLEAN));
    }

    @Test
    void decimalsToTextAndIntegers() throws SQLException {
        Random random = new Random(47);
        List<String> inputs = new ArrayList<>();
        for (int index = 0; index < 300; index++) {
            java.math.BigDecimal value = new java.math.BigDecimal(new java.math.BigInteger(60, random), 3);
            inputs.add((random.nextBoolean() ? value : value.negate()).toPlainString());
        }
        String[] values = inputs.toArray(String[]::new);
        compare(inputs, duckdb(inputs, "DECIMAL(38,3)", "VARCHAR"), quiver(decimals(38, 3, values), VARCHAR));
        compare(inputs, duckdb(inputs, "DECIMAL(38,3)", "BIGINT"), quiver(decimals(38, 3, values), BIGINT));
        compare(
                inputs,
                duckdb(inputs, "DECIMAL(38,3)", "DECIMAL(20,1)"),
                quiver(decimals(38, 3, values), decimal(20, 1)));
        compare(inputs, duckdb(inputs, "DECIMAL(38,3)", "DOUBLE"), quiver(decimals(38, 3, values), DOUBLE));
    }
}
