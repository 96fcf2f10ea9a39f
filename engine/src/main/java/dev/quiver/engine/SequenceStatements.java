package dev.quiver.engine;

import dev.quiver.engine.catalog.Catalog;
import dev.quiver.engine.catalog.CatalogStore;
import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.SearchPath;
import dev.quiver.engine.catalog.Sequence;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlCreateSequence;
import dev.quiver.engine.sql.ddl.SqlDropSequence;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [OR REPLACE] [TEMP] SEQUENCE} and {@code DROP SEQUENCE [CASCADE | RESTRICT]}, with
 * DuckDB's defaults, checks and errors. A sequence other than a TEMP one is written to the
 * database's store with its last value, which every {@code nextval} updates before it hands values
 * out (see {@link Sequence}); the database replays it when it opens.
 */
final class SequenceStatements {
    /** A {@code nextval('name')} or {@code currval('name')} in a column's DEFAULT text. */
    private static final Pattern SEQUENCE_CALL =
            Pattern.compile("(?i)\\b(?:nextval|currval)\\s*\\(\\s*'((?:[^']|'')*)'\\s*\\)");

    private final Quiver database;
    private final SearchPath names;

    SequenceStatements(Quiver database, SearchPath names) {
        this.database = database;
        this.names = names;
    }

    QueryResult create(SqlCreateSequence create) {
        String name = names.forCreate(create.name(), create.temporary());
        Catalog catalog = database.catalog();
        Sequence sequence = define(name, create);
        synchronized (database.store()) {
            if (catalog.sequence(name).isPresent() && !create.replace()) {
                if (create.ifNotExists()) {
                    return QueryResult.ofUpdateCount(0);
                }
                throw positioned(
                        ErrorCode.TABLE_EXISTS,
                        "Sequence with name \"" + QualifiedName.of(name).name() + "\" already exists!",
                        create.getParserPosition());
            }
            database.store().saveSequence(name, sequence.definitionSql(), null);
            install(sequence, database.store());
            catalog.putSequence(sequence);
        }
        return QueryResult.ofUpdateCount(0);
    }

    /** Makes {@code sequence} write each new last value to {@code store} (a TEMP one to nowhere). */
    private static void install(Sequence sequence, CatalogStore store) {
        if (!QualifiedName.of(sequence.name()).temporary()) {
            sequence.persistWith(value -> store.saveSequenceValue(sequence.name(), value));
        }
    }

    /** Re-creates a stored sequence while the database opens, with the last value it had handed out. */
    static Sequence replay(CatalogStore.StoredSequence stored, CatalogStore store) {
        if (!(SqlParsing.parseStatement(stored.definitionSql()) instanceof SqlCreateSequence create)) {
            throw new QuiverException(
                    ErrorCode.INTERNAL,
                    "stored sequence definition is not a CREATE SEQUENCE: " + stored.definitionSql());
        }
        Sequence sequence = define(stored.name(), create);
        sequence.restore(stored.lastValue());
        install(sequence, store);
        return sequence;
    }

    /** The sequence {@code create} defines under internal name {@code name}, with DuckDB's defaults and checks. */
    private static Sequence define(String name, SqlCreateSequence create) {
        Map<String, SqlNode> options = create.options();
        SqlParserPos pos = create.getParserPosition();
        long increment = number(options, "INCREMENT", 1, pos);
        if (increment == 0) {
            throw positioned(ErrorCode.INVALID_ARGUMENT, "Increment must not be zero", pos);
        }
        long minValue = number(options, "MINVALUE", increment > 0 ? 1 : Long.MIN_VALUE, pos);
        long maxValue = number(options, "MAXVALUE", increment > 0 ? Long.MAX_VALUE : -1, pos);
        long start = number(options, "START", increment > 0 ? minValue : maxValue, pos);
        boolean cycle = options.get("CYCLE") instanceof SqlLiteral literal && literal.booleanValue();
        if (minValue >= maxValue) {
            throw positioned(
                    ErrorCode.INVALID_ARGUMENT,
                    "MINVALUE (" + minValue + ") must be less than MAXVALUE (" + maxValue + ")",
                    pos);
        }
        if (start < minValue) {
            throw positioned(
                    ErrorCode.INVALID_ARGUMENT,
                    "START value (" + start + ") cannot be less than MINVALUE (" + minValue + ")",
                    pos);
        }
        if (start > maxValue) {
            throw positioned(
                    ErrorCode.INVALID_ARGUMENT,
                    "START value (" + start + ") cannot be greater than MAXVALUE (" + maxValue + ")",
                    pos);
        }
        String definition = "CREATE SEQUENCE " + ConstraintChecks.sqlName(name) + " START WITH " + start
                + " INCREMENT BY " + increment + " MINVALUE " + minValue + " MAXVALUE " + maxValue
                + (cycle ? " CYCLE" : " NO CYCLE");
        return new Sequence(name, start, increment, minValue, maxValue, cycle, definition);
    }

    /** The option's value, {@code otherwise} when it is absent or NO MINVALUE/NO MAXVALUE. */
    private static long number(Map<String, SqlNode> options, String option, long otherwise, SqlParserPos pos) {
        if (!(options.get(option) instanceof SqlLiteral literal)) {
            return otherwise;
        }
        BigDecimal value = literal.bigDecimalValue();
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw positioned(
                    ErrorCode.INVALID_ARGUMENT,
                    option + " (" + value + ") is not a BIGINT (a whole number that fits 64 bits)",
                    pos);
        }
    }

    QueryResult drop(SqlDropSequence drop) {
        Catalog catalog = database.catalog();
        String name = names.resolve(
                drop.name(), candidate -> catalog.sequence(candidate).isPresent());
        synchronized (database.store()) {
            if (catalog.sequence(name).isEmpty()) {
                if (drop.ifExists()) {
                    return QueryResult.ofUpdateCount(0);
                }
                throw positioned(
                        ErrorCode.UNKNOWN_TABLE,
                        "Sequence with name " + drop.name().names.getLast() + " does not exist!",
                        drop.name().getParserPosition());
            }
            List<MemoryTable> dependents = dependents(name);
            if (!dependents.isEmpty() && !drop.cascade()) {
                throw SchemaStatements.dependencyError(
                        QualifiedName.of(name).name(),
                        "sequence",
                        dependents.stream()
                                .map(table -> SchemaStatements.dependent("table", table.name()))
                                .toList(),
                        drop.name());
            }
            for (MemoryTable table : dependents) { // DuckDB's CASCADE drops the tables whose DEFAULT uses it
                database.store().dropTable(table.name());
                catalog.drop(table.name());
            }
            database.store().dropSequence(name);
            catalog.dropSequence(name);
        }
        return QueryResult.ofUpdateCount(0);
    }

    /** The committed tables a column DEFAULT of which calls nextval or currval of sequence {@code name}. */
    private List<MemoryTable> dependents(String name) {
        List<MemoryTable> tables = new ArrayList<>();
        for (MemoryTable table : database.catalog().tables()) {
            TableConstraints constraints = TableConstraints.of(table.schema());
            for (Field field : table.schema().getFields()) {
                String text = constraints.defaultOf(field.getName());
                if (text != null && callsSequence(text, name)) {
                    tables.add(table);
                    break;
                }
            }
        }
        return tables;
    }

    private boolean callsSequence(String defaultText, String name) {
        Matcher call = SEQUENCE_CALL.matcher(defaultText);
        while (call.find()) {
            String argument = call.group(1).replace("''", "'");
            try {
                String resolved = names.resolve(
                        SearchPath.nameParts(argument),
                        candidate -> database.catalog().sequence(candidate).isPresent());
                if (resolved.equalsIgnoreCase(name)) {
                    return true;
                }
            } catch (QuiverException e) {
                // a name in another schema that is gone: not this sequence
            }
        }
        return false;
    }

    private static QuiverException positioned(ErrorCode code, String message, SqlParserPos pos) {
        return new QuiverException(code, message, pos.getLineNum(), pos.getColumnNum(), null);
    }
}
