package dev.quiver.engine.cli;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.type.TypeNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** The shell's dot commands, as DuckDB's shell has them: one line starting with '.', words split at blanks. */
final class DotCommands {
    static final String HELP = String.join(
            "\n",
            ".databases             list the attached databases",
            ".describe [TABLE]      the columns of TABLE (of every table without one)",
            ".exit, .quit           leave the shell (Ctrl-D too)",
            ".help                  this text",
            ".maxrows N             show at most N rows in box mode (default 40; 0: all)",
            ".maxwidth N            box mode width in characters (0: the terminal's)",
            ".mode MODE             result display: " + ResultFormat.names() + " (duckbox = box)",
            ".nullvalue TEXT        how NULL is shown (default NULL)",
            ".once FILE             send the next result to FILE",
            ".open [PATH]           open the database file at PATH (created if missing; none: in memory)",
            ".output [FILE]         send results to FILE (none: back to the terminal)",
            ".read FILE             run the statements and dot commands in FILE",
            ".schema [TABLE]        CREATE TABLE statements of TABLE (of every table without one)",
            ".tables                list the tables",
            ".timer on|off          print each statement's run time");

    private static final List<String> TEXT_COLUMN = List.of("column_name", "column_type", "null");

    private final Shell shell;

    DotCommands(Shell shell) {
        this.shell = shell;
    }

    /** Runs one dot command; false to leave the shell. Mistakes print an error and change nothing. */
    boolean run(String command) {
        String[] words = command.split("\\s+");
        String name = words[0].toLowerCase(Locale.ROOT);
        List<String> arguments = Arrays.asList(words).subList(1, words.length);
        PrintWriter out = shell.out();
        try {
            switch (name) {
                case ".quit", ".exit" -> {
                    return false;
                }
                case ".help" -> out.println(HELP);
                case ".timer" -> {
                    if (arguments.size() == 1 && isOnOrOff(arguments.getFirst())) {
                        shell.timer = arguments.getFirst().equalsIgnoreCase("on");
                    } else {
                        out.println("Error: use .timer on or .timer off");
                    }
                }
                case ".tables" -> statement("SHOW TABLES");
                case ".databases" -> statement("SHOW DATABASES");
                case ".schema" -> schema(arguments, out);
                case ".describe" -> describe(arguments, out);
                case ".mode" -> mode(arguments, out);
                case ".maxrows" ->
                    number(arguments, ".maxrows N", out)
                            .ifPresent(rows -> shell.display = shell.display.withMaxRows(rows));
                case ".maxwidth" ->
                    number(arguments, ".maxwidth N", out)
                            .ifPresent(width -> shell.display = shell.display.withMaxWidth(width));
                case ".nullvalue" -> {
                    if (arguments.size() > 1) {
                        out.println("Error: use .nullvalue TEXT (one word)");
                    } else {
                        shell.display = shell.display.withNullValue(arguments.isEmpty() ? "" : arguments.getFirst());
                    }
                }
                case ".output", ".once" -> output(name, arguments, out);
                case ".read" -> {
                    if (arguments.size() != 1) {
                        out.println("Error: use .read FILE");
                    } else {
                        return shell.runFile(Path.of(arguments.getFirst()));
                    }
                }
                case ".open" -> {
                    if (arguments.size() > 1) {
                        out.println("Error: use .open PATH (or .open alone for a new in-memory database)");
                    } else {
                        shell.open(arguments.isEmpty() ? null : Path.of(arguments.getFirst()));
                    }
                }
                default -> out.println("Error: unknown command " + words[0] + " (.help lists the commands)");
            }
        } catch (IOException e) {
            out.println(
                    "Error: cannot use " + e.getMessage() + ": " + e.getClass().getSimpleName());
        } catch (QuiverException e) {
            out.println("Error: " + e.describe());
        }
        return true;
    }

    private static boolean isOnOrOff(String word) {
        return word.equalsIgnoreCase("on") || word.equalsIgnoreCase("off");
    }

    private void statement(String sql) {
        try (QueryResult result = shell.session().execute(sql)) {
            shell.print(result, sql);
        }
    }

    private void mode(List<String> arguments, PrintWriter out) {
        ResultFormat format = arguments.size() == 1 ? ResultFormat.named(arguments.getFirst()) : null;
        if (format == null) {
            out.println("Error: use .mode MODE, where MODE is one of " + ResultFormat.names());
        } else {
            shell.mode = format;
        }
    }

    private static Optional<Integer> number(List<String> arguments, String usage, PrintWriter out) {
        if (arguments.size() == 1) {
            try {
                int value = Integer.parseInt(arguments.getFirst());
                if (value >= 0) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // falls through to the usage
            }
        }
        out.println("Error: use " + usage + " with N a whole number >= 0");
        return Optional.empty();
    }

    private void output(String name, List<String> arguments, PrintWriter out) throws IOException {
        if (arguments.size() > 1 || (name.equals(".once") && arguments.isEmpty())) {
            out.println("Error: use " + name + (name.equals(".once") ? " FILE" : " [FILE]"));
            return;
        }
        boolean toTerminal = arguments.isEmpty() || arguments.getFirst().equals("stdout");
        shell.redirect(toTerminal ? null : Path.of(arguments.getFirst()), name.equals(".once"));
    }

    /** The tables named (all when none), or an error when one does not exist. */
    private List<MemoryTable> tables(List<String> arguments, PrintWriter out) {
        if (arguments.isEmpty()) {
            return shell.database().catalog().tables().stream()
                    .filter(table -> !QualifiedName.isTemporary(table.name()))
                    .toList();
        }
        List<MemoryTable> tables = new ArrayList<>();
        for (String name : arguments) {
            Optional<MemoryTable> table = shell.database().catalog().table(name);
            if (table.isEmpty()) {
                out.println("Error: no table named " + name + " (.tables lists them)");
                return List.of();
            }
            tables.add(table.get());
        }
        return tables;
    }

    private void schema(List<String> arguments, PrintWriter out) {
        List<String> statements = new ArrayList<>();
        for (MemoryTable table : tables(arguments, out)) {
            List<String> columns = new ArrayList<>();
            for (Field field : table.schema().getFields()) {
                columns.add(
                        quoted(field.getName()) + " " + TypeNames.sql(field) + (field.isNullable() ? "" : " NOT NULL"));
            }
            statements.add("CREATE TABLE " + quoted(table.name()) + "(" + String.join(", ", columns) + ");");
        }
        if (!statements.isEmpty()) {
            shell.printText(String.join("\n", statements));
        }
    }

    private void describe(List<String> arguments, PrintWriter out) {
        for (MemoryTable table : tables(arguments, out)) {
            List<List<Object>> rows = new ArrayList<>();
            for (Field field : table.schema().getFields()) {
                rows.add(List.of(field.getName(), TypeNames.sql(field), field.isNullable() ? "YES" : "NO"));
            }
            if (arguments.size() != 1) {
                shell.printText(table.name() + ":");
            }
            shell.print(ResultView.of(
                    TEXT_COLUMN,
                    List.of(ArrowType.Utf8.INSTANCE, ArrowType.Utf8.INSTANCE, ArrowType.Utf8.INSTANCE),
                    rows));
        }
    }

    /** An identifier as DuckDB's {@code .schema} writes it: plain when it can be, else in double quotes. */
    private static String quoted(String name) {
        return name.matches("[a-z_][a-z0-9_]*") ? name : '"' + name.replace("\"", "\"\"") + '"';
    }
}
