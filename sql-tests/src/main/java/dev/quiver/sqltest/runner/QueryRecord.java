package dev.quiver.sqltest.runner;

import java.util.List;

/**
 * A {@code query <type letters> [sort mode]} record and the expected rows below its {@code ----}.
 *
 * <p>The type letters ({@code I} integer, {@code R} floating point, {@code T} anything else) fix the
 * column count; as in DuckDB they are otherwise only a hint: {@code R} asks for the floating-point
 * tolerance on its column even when the engine returns an exact type. {@code expectedLines} are the
 * raw lines, values separated by tabs (see {@link ResultComparison#expectedRows}).
 */
public record QueryRecord(
        int line,
        String sql,
        String typeLetters,
        SortMode sortMode,
        List<String> expectedLines,
        List<Condition> conditions,
        String loopBinding)
        implements SltRecord {

    public QueryRecord {
        expectedLines = List.copyOf(expectedLines);
        conditions = List.copyOf(conditions);
    }

    public int columnCount() {
        return typeLetters.length();
    }

    @Override
    public QueryRecord bind(String name, String value) {
        return new QueryRecord(
                line,
                SltRecord.substitute(sql, name, value),
                typeLetters,
                sortMode,
                expectedLines.stream()
                        .map(expected -> SltRecord.substitute(expected, name, value))
                        .toList(),
                conditions,
                SltRecord.prependBinding(loopBinding, name, value));
    }

    @Override
    public QueryRecord replace(String token, String value) {
        return new QueryRecord(
                line,
                sql.replace(token, value),
                typeLetters,
                sortMode,
                expectedLines.stream()
                        .map(expected -> expected.replace(token, value))
                        .toList(),
                conditions,
                loopBinding);
    }

    @Override
    public String header() {
        return "query " + typeLetters
                + (sortMode == SortMode.NOSORT ? "" : " " + sortMode.name().toLowerCase());
    }
}
