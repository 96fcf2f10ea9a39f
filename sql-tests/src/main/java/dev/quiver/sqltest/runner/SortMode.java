package dev.quiver.sqltest.runner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** How a query's result is ordered before it is compared: the third word of a {@code query} line. */
public enum SortMode {
    /** Compare in the order the engine returned (the query has an ORDER BY, or one row). */
    NOSORT,
    /** Sort whole rows, comparing their values as text from the first column on. */
    ROWSORT,
    /** Sort all values of the result as one list, ignoring rows and columns. */
    VALUESORT;

    /** The mode a {@code query} line names, e.g. {@code rowsort}; empty for a word that is not a mode. */
    public static Optional<SortMode> fromWord(String word) {
        for (SortMode mode : values()) {
            if (mode.name().equalsIgnoreCase(word)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /**
     * The values of {@code rows} in comparison order, row after row. Values compare as text
     * ({@link String#compareTo}), as DuckDB's runner does: {@code "10"} sorts before {@code "9"}.
     */
    public <T> List<T> arrange(List<List<T>> rows, Function<T, String> text) {
        Comparator<T> byText = Comparator.comparing(text);
        List<T> values = new ArrayList<>();
        switch (this) {
            case NOSORT -> rows.forEach(values::addAll);
            case ROWSORT -> {
                List<List<T>> sorted = new ArrayList<>(rows);
                sorted.sort((left, right) -> compareRows(left, right, byText));
                sorted.forEach(values::addAll);
            }
            case VALUESORT -> {
                rows.forEach(values::addAll);
                values.sort(byText);
            }
        }
        return values;
    }

    private static <T> int compareRows(List<T> left, List<T> right, Comparator<T> byText) {
        for (int columnIndex = 0; columnIndex < Math.min(left.size(), right.size()); columnIndex++) {
            int order = byText.compare(left.get(columnIndex), right.get(columnIndex));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
