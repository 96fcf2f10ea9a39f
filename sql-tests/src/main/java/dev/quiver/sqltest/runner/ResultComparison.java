package dev.quiver.sqltest.runner;

import dev.quiver.sqltest.runner.EngineResult.Rows;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a result matches a query record's expected rows, and whether two engines' results
 * agree. Both compare value by value after the record's {@link SortMode}, on the texts
 * {@link ValueFormatter} produced.
 *
 * <p>Against the expected rows (text written by a person, as in DuckDB's runner): values match when
 * their texts are equal, or — BOOLEAN — both mean the same truth value ({@code true}/{@code 1},
 * {@code false}/{@code 0}, any case), or — DOUBLE/REAL column, or type letter {@code R} —
 * {@code |actual − expected| ≤ 0.01·|expected| + 1e-8} (DuckDB's rule, so rounded values may be
 * written), or — INTEGER/DECIMAL — they are the same number ({@code 1.5} = {@code 1.50}).
 *
 * <p>Against the oracle (two engines' exact outputs): values match when their texts are equal or,
 * where either column is DOUBLE/REAL, {@code |a − b| ≤ r·max(|a|, |b|) + 1e-12} with r = 1e-9 for
 * DOUBLE and 1e-5 for REAL, which allows a different summation order but not a different answer.
 * Everywhere NaN matches NaN and infinities match only themselves. Anything else — a DECIMAL scale, a
 * type that prints differently — is a disagreement.
 */
public final class ResultComparison {
    public static final double EXPECTED_RELATIVE_TOLERANCE = 0.01;
    public static final double EXPECTED_ABSOLUTE_TOLERANCE = 1e-8;
    public static final double ORACLE_DOUBLE_RELATIVE_TOLERANCE = 1e-9;
    public static final double ORACLE_REAL_RELATIVE_TOLERANCE = 1e-5;
    public static final double ORACLE_ABSOLUTE_TOLERANCE = 1e-12;
    private static final int MAX_ROWS_SHOWN = 40;

    private ResultComparison() {}

    /** One value of a result and the column it came from. */
    private record Cell(String text, int column) {}

    /** Why {@code actual} does not match the expected rows of {@code query}; empty when it does. */
    public static Optional<String> checkExpected(QueryRecord query, Rows actual) {
        int columnCount = actual.columns().size();
        if (columnCount != query.columnCount()) {
            return Optional.of("the result has " + columnCount + " column(s) but the record declares "
                    + query.columnCount() + " ('" + query.header() + "')\nactual:\n" + render(actual));
        }
        List<List<String>> expectedRows;
        try {
            expectedRows = expectedRows(query.expectedLines(), columnCount);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        SortMode mode = query.sortMode();
        List<String> expected = mode.arrange(expectedRows, Function.identity());
        List<Cell> cells = mode.arrange(cells(actual), Cell::text);
        String tables = "\nexpected" + sortNote(mode) + ":\n" + render(display(mode, expectedRows, columnCount))
                + "\nactual" + sortNote(mode) + ":\n" + render(display(mode, actual.rows(), columnCount));
        if (cells.size() != expected.size()) {
            return Optional.of(countMismatch(mode, columnCount, expected.size(), cells.size()) + tables);
        }
        for (int index = 0; index < cells.size(); index++) {
            Cell cell = cells.get(index);
            ColumnKind kind = actual.columns().get(cell.column()).kind();
            char letter = query.typeLetters().charAt(cell.column());
            if (!matchesExpected(cell.text(), expected.get(index), kind, letter)) {
                return Optional.of("wrong result at " + position(mode, index, columnCount, actual) + ": expected "
                        + expected.get(index) + " but got " + cell.text() + tables);
            }
        }
        return Optional.empty();
    }

    /**
     * Why the engine under test's result disagrees with the oracle's; empty when they agree. The
     * names label the two sides in the message.
     */
    public static Optional<String> checkAgainstOracle(
            SortMode mode, String testedName, Rows tested, String oracleName, Rows oracle) {
        int columnCount = tested.columns().size();
        String tables = "\n" + testedName + sortNote(mode) + ":\n" + render(display(mode, tested.rows(), columnCount))
                + "\n" + oracleName + sortNote(mode) + ":\n"
                + render(display(mode, oracle.rows(), oracle.columns().size()));
        if (columnCount != oracle.columns().size()) {
            return Optional.of(testedName + " returns " + columnCount + " column(s), " + oracleName + " "
                    + oracle.columns().size() + tables);
        }
        List<Cell> testedCells = mode.arrange(cells(tested), Cell::text);
        List<Cell> oracleCells = mode.arrange(cells(oracle), Cell::text);
        if (testedCells.size() != oracleCells.size()) {
            return Optional.of(testedName + " returns " + tested.rows().size() + " row(s), " + oracleName + " "
                    + oracle.rows().size() + tables);
        }
        for (int index = 0; index < testedCells.size(); index++) {
            Cell testedCell = testedCells.get(index);
            Cell oracleCell = oracleCells.get(index);
            ColumnKind testedKind = tested.columns().get(testedCell.column()).kind();
            ColumnKind oracleKind = oracle.columns().get(oracleCell.column()).kind();
            if (!matchesOracle(testedCell.text(), oracleCell.text(), testedKind, oracleKind)) {
                return Optional.of("results differ at " + position(mode, index, columnCount, tested) + ": " + testedName
                        + " " + testedCell.text() + ", " + oracleName + " " + oracleCell.text() + tables);
            }
        }
        return Optional.empty();
    }

    /**
     * The expected values split into rows of {@code columnCount}: one row per line with values
     * separated by tabs or, when no line has a tab, one value per line (the older sqllogictest layout).
     *
     * @throws IllegalArgumentException when the lines fit neither layout
     */
    public static List<List<String>> expectedRows(List<String> lines, int columnCount) {
        List<List<String>> rows = new ArrayList<>();
        boolean anyTab = lines.stream().anyMatch(line -> line.indexOf('\t') >= 0);
        if (columnCount > 1 && !anyTab) {
            if (lines.size() % columnCount != 0) {
                throw new IllegalArgumentException("the expected rows have " + lines.size()
                        + " values, one per line, which is not a multiple of the " + columnCount + " columns");
            }
            for (int start = 0; start < lines.size(); start += columnCount) {
                rows.add(List.copyOf(lines.subList(start, start + columnCount)));
            }
            return rows;
        }
        for (int lineIndex = 0; lineIndex < lines.size(); lineIndex++) {
            List<String> values = List.of(lines.get(lineIndex).split("\t", -1));
            if (values.size() != columnCount) {
                throw new IllegalArgumentException("expected row " + (lineIndex + 1) + " has " + values.size()
                        + " tab-separated value(s) but the query has " + columnCount + " column(s): "
                        + lines.get(lineIndex));
            }
            rows.add(values);
        }
        return rows;
    }

    static boolean matchesExpected(String actual, String expected, ColumnKind kind, char letter) {
        if (actual.equals(expected)) {
            return true;
        }
        if (kind == ColumnKind.BOOLEAN) {
            String truth = truthValue(actual);
            return truth != null && truth.equals(truthValue(expected));
        }
        if (kind.isFloating() || letter == 'R') {
            Double actualNumber = parseDouble(actual);
            Double expectedNumber = parseDouble(expected);
            return actualNumber != null
                    && expectedNumber != null
                    && closeTo(
                            actualNumber,
                            expectedNumber,
                            EXPECTED_RELATIVE_TOLERANCE * Math.abs(expectedNumber) + EXPECTED_ABSOLUTE_TOLERANCE);
        }
        if (kind.isNumeric()) {
            BigDecimal actualNumber = parseDecimal(actual);
            BigDecimal expectedNumber = parseDecimal(expected);
            return actualNumber != null && expectedNumber != null && actualNumber.compareTo(expectedNumber) == 0;
        }
        return false;
    }

    static boolean matchesOracle(String tested, String oracle, ColumnKind testedKind, ColumnKind oracleKind) {
        if (tested.equals(oracle)) {
            return true;
        }
        if (!testedKind.isFloating() && !oracleKind.isFloating()) {
            return false;
        }
        Double testedNumber = parseDouble(tested);
        Double oracleNumber = parseDouble(oracle);
        if (testedNumber == null || oracleNumber == null) {
            return false;
        }
        double relative = testedKind == ColumnKind.REAL || oracleKind == ColumnKind.REAL
                ? ORACLE_REAL_RELATIVE_TOLERANCE
                : ORACLE_DOUBLE_RELATIVE_TOLERANCE;
        double scale = Math.max(Math.abs(testedNumber), Math.abs(oracleNumber));
        return closeTo(testedNumber, oracleNumber, relative * scale + ORACLE_ABSOLUTE_TOLERANCE);
    }

    private static boolean closeTo(double left, double right, double tolerance) {
        if (Double.isNaN(left) || Double.isNaN(right)) {
            return Double.isNaN(left) && Double.isNaN(right);
        }
        if (Double.isInfinite(left) || Double.isInfinite(right)) {
            return left == right;
        }
        return Math.abs(left - right) <= tolerance;
    }

    private static String truthValue(String text) {
        return switch (text.toLowerCase()) {
            case "true", "1" -> "true";
            case "false", "0" -> "false";
            default -> null;
        };
    }

    /** The number a value's text denotes, in DuckDB's or Java's spelling; null when it is none. */
    private static Double parseDouble(String text) {
        String normalized = switch (text.toLowerCase()) {
            case "inf", "+inf", "infinity", "+infinity" -> "Infinity";
            case "-inf", "-infinity" -> "-Infinity";
            case "nan", "-nan" -> "NaN";
            default -> text;
        };
        if (!normalized.matches("[-+]?(Infinity|NaN|(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?)")) {
            return null;
        }
        return Double.parseDouble(normalized);
    }

    private static BigDecimal parseDecimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<List<Cell>> cells(Rows result) {
        List<List<Cell>> rows = new ArrayList<>();
        for (List<String> row : result.rows()) {
            List<Cell> cells = new ArrayList<>();
            for (int columnIndex = 0; columnIndex < row.size(); columnIndex++) {
                cells.add(new Cell(row.get(columnIndex), columnIndex));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static String countMismatch(SortMode mode, int columnCount, int expectedValues, int actualValues) {
        if (mode == SortMode.VALUESORT) {
            return "expected " + expectedValues + " value(s) but got " + actualValues;
        }
        return "expected " + expectedValues / columnCount + " row(s) but got " + actualValues / columnCount;
    }

    private static String position(SortMode mode, int index, int columnCount, Rows result) {
        if (mode == SortMode.VALUESORT) {
            return "value " + (index + 1) + " of the sorted values";
        }
        int column = index % columnCount;
        return "row " + (index / columnCount + 1) + (mode == SortMode.ROWSORT ? " (after rowsort)" : "") + ", column "
                + (column + 1) + " (" + result.columns().get(column).name() + ")";
    }

    /** A result as expected rows are written: one tab-separated line per row. */
    public static String render(Rows result) {
        return render(result.rows());
    }

    private static String sortNote(SortMode mode) {
        return mode == SortMode.NOSORT ? "" : " (after " + mode.name().toLowerCase() + ")";
    }

    /** Rows in the order they are compared: sorted rows for rowsort, one sorted value per line for valuesort. */
    private static List<List<String>> display(SortMode mode, List<List<String>> rows, int columnCount) {
        List<String> values = mode.arrange(rows, Function.identity());
        List<List<String>> shown = new ArrayList<>();
        int width = mode == SortMode.VALUESORT ? 1 : Math.max(columnCount, 1);
        for (int start = 0; start + width <= values.size(); start += width) {
            shown.add(values.subList(start, start + width));
        }
        return shown;
    }

    private static String render(List<List<String>> rows) {
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            lines.add(String.join("\t", row));
        }
        if (lines.isEmpty()) {
            return "(no rows)";
        }
        if (lines.size() > MAX_ROWS_SHOWN) {
            int more = lines.size() - MAX_ROWS_SHOWN;
            lines = new ArrayList<>(lines.subList(0, MAX_ROWS_SHOWN));
            lines.add("… " + more + " more row(s)");
        }
        return String.join("\n", lines);
    }
}
