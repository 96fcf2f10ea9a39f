package dev.quiver.engine.cli;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.function.BuiltinFunction;
import dev.quiver.engine.function.BuiltinFunctions;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Field;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion in the shell: SQL keywords, the names of tables and their columns, built-in and
 * Python functions, and dot commands at the start of a line. Reads the catalog on each Tab, so new
 * tables and functions complete at once.
 */
final class SqlCompleter implements Completer {
    /** The keywords worth completing (not all of Calcite's several hundred reserved words). */
    private static final List<String> KEYWORDS = List.of(
            "SELECT",
            "FROM",
            "WHERE",
            "GROUP",
            "BY",
            "HAVING",
            "ORDER",
            "LIMIT",
            "OFFSET",
            "DISTINCT",
            "AS",
            "AND",
            "OR",
            "NOT",
            "NULL",
            "IS",
            "IN",
            "EXISTS",
            "BETWEEN",
            "LIKE",
            "ILIKE",
            "CASE",
            "WHEN",
            "THEN",
            "ELSE",
            "END",
            "JOIN",
            "INNER",
            "LEFT",
            "RIGHT",
            "FULL",
            "OUTER",
            "CROSS",
            "ON",
            "USING",
            "UNION",
            "ALL",
            "INTERSECT",
            "EXCEPT",
            "WITH",
            "INSERT",
            "INTO",
            "VALUES",
            "CREATE",
            "TABLE",
            "FUNCTION",
            "AGGREGATE",
            "REPLACE",
            "DROP",
            "IF",
            "RETURNS",
            "LANGUAGE",
            "PYTHON",
            "IMMUTABLE",
            "VECTORIZED",
            "KIND",
            "SHOW",
            "TABLES",
            "FUNCTIONS",
            "DATABASES",
            "ATTACH",
            "DETACH",
            "EXPLAIN",
            "CAST",
            "ASC",
            "DESC",
            "NULLS",
            "FIRST",
            "LAST",
            "OVER",
            "PARTITION",
            "TRUE",
            "FALSE",
            "INTEGER",
            "BIGINT",
            "SMALLINT",
            "TINYINT",
            "DOUBLE",
            "FLOAT",
            "DECIMAL",
            "VARCHAR",
            "BOOLEAN",
            "DATE",
            "TIMESTAMP",
            "BLOB");

    /** Aggregates, which Calcite's operator table provides rather than Quiver's built-in registry. */
    private static final List<String> AGGREGATES = List.of(
            "count",
            "sum",
            "avg",
            "min",
            "max",
            "stddev",
            "stddev_samp",
            "stddev_pop",
            "variance",
            "var_samp",
            "var_pop");

    private static final List<String> DOT_COMMANDS = List.of(
            ".databases",
            ".describe",
            ".exit",
            ".help",
            ".maxrows",
            ".maxwidth",
            ".mode",
            ".nullvalue",
            ".once",
            ".open",
            ".output",
            ".quit",
            ".read",
            ".schema",
            ".tables",
            ".timer");

    private final Supplier<Quiver> database;

    /** Completes against whatever database {@code database} returns (the shell's {@code .open} changes it). */
    SqlCompleter(Supplier<Quiver> database) {
        this.database = database;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String before = line.line().substring(0, line.cursor() - line.word().length());
        if (before.isBlank() && line.line().stripLeading().startsWith(".")) {
            for (String command : DOT_COMMANDS) {
                candidates.add(new Candidate(
                        command.substring(1), command.substring(1), "dot commands", null, null, null, true));
            }
            return;
        }
        boolean lower =
                !line.word().isEmpty() && Character.isLowerCase(line.word().charAt(0));
        for (String keyword : KEYWORDS) {
            String text = lower ? keyword.toLowerCase(Locale.ROOT) : keyword;
            candidates.add(new Candidate(text, text, "keywords", null, null, null, true));
        }
        TreeSet<String> columns = new TreeSet<>();
        for (MemoryTable table : database.get().catalog().tables()) {
            if (QualifiedName.isTemporary(table.name())) {
                continue; // a connection's own, named by its internal schema
            }
            candidates.add(new Candidate(table.name(), table.name(), "tables", null, null, null, true));
            for (Field field : table.schema().getFields()) {
                columns.add(field.getName());
            }
        }
        for (String column : columns) {
            candidates.add(new Candidate(column, column, "columns", null, null, null, true));
        }
        TreeSet<String> functions = new TreeSet<>(AGGREGATES);
        for (BuiltinFunction function : BuiltinFunctions.all()) {
            if (function.kind() != BuiltinFunction.Kind.OPERATOR) {
                functions.addAll(function.names());
            }
        }
        for (PythonUdf function : database.get().catalog().functions().functions()) {
            functions.add(function.name());
        }
        for (String function : functions) {
            candidates.add(new Candidate(function, function, "functions", null, null, null, false));
        }
    }
}
