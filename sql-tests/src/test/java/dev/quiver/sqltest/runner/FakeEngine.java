package dev.quiver.sqltest.runner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A scripted {@link SqlEngine} for the runner's tests: answers each SQL text with a prepared result. */
final class FakeEngine implements SqlEngine {
    private final String name;
    private final Map<String, EngineResult> answers = new HashMap<>();
    final List<String> executed = new ArrayList<>();
    boolean closed;
    RuntimeException closeFailure;

    FakeEngine(String name) {
        this.name = name;
    }

    /** From now on, {@code sql} returns {@code result}; unscripted SQL returns {@code Done(0)}. */
    FakeEngine answer(String sql, EngineResult result) {
        answers.put(sql, result);
        return this;
    }

    /** Rows with columns c1, c2, … of the given kinds; each line holds one row's values separated by tabs. */
    static EngineResult.Rows rows(List<ColumnKind> kinds, String... lines) {
        List<EngineResult.Column> columns = new ArrayList<>();
        for (int columnIndex = 0; columnIndex < kinds.size(); columnIndex++) {
            columns.add(new EngineResult.Column("c" + (columnIndex + 1), kinds.get(columnIndex)));
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            rows.add(List.of(line.split("\t", -1)));
        }
        return new EngineResult.Rows(columns, rows);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EngineResult execute(String sql) {
        executed.add(sql);
        return answers.getOrDefault(sql, new EngineResult.Done(0));
    }

    @Override
    public void close() {
        closed = true;
        if (closeFailure != null) {
            throw closeFailure;
        }
    }
}
