package dev.quiver.engine;

import dev.quiver.engine.catalog.QualifiedName;
import dev.quiver.engine.catalog.ViewDefinition;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlCreateView;
import dev.quiver.engine.sql.ddl.SqlDropView;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [OR REPLACE] [TEMP] VIEW} and {@code DROP VIEW}. A view keeps its query as SQL and
 * is planned again each time a query reads it; CREATE plans it once to check it and to learn its
 * columns. A TEMP view belongs to its connection (see {@link dev.quiver.engine.catalog.SearchPath}).
 * Views other than TEMP ones are written to the database's store (and replayed when a
 * database file opens) before they become visible, as tables are.
 */
final class ViewStatements {
    private final Quiver database;
    private final QueryStatements queries;

    ViewStatements(Quiver database, QueryStatements queries) {
        this.database = database;
        this.queries = queries;
    }

    /** @param replaying true while a database opens: the view is stored already */
    QueryResult create(SqlCreateView create, boolean replaying) {
        String name = queries.names().forCreate(create.name(), create.temporary());
        SqlParserPos pos = create.name().getParserPosition();
        if (database.catalog().table(name).isPresent()) {
            throw new QuiverException(
                    ErrorCode.TABLE_EXISTS,
                    "Table with name " + QualifiedName.of(name).name()
                            + " already exists (a view cannot take a table's name)",
                    pos.getLineNum(),
                    pos.getColumnNum(),
                    null);
        }
        if (database.catalog().view(name).isPresent()) {
            if (create.ifNotExists()) {
                return QueryResult.ofUpdateCount(0);
            }
            if (!create.replace()) {
                throw new QuiverException(
                        ErrorCode.TABLE_EXISTS,
                        "View " + QualifiedName.of(name).name()
                                + " already exists (CREATE OR REPLACE VIEW replaces it)",
                        pos.getLineNum(),
                        pos.getColumnNum(),
                        null);
            }
        }
        // The text first: planning rewrites the parse tree in place.
        String querySql = create.query().toSqlString(SqlParsing.DIALECT).getSql();
        PlannedQuery plan = queries.planner().plan(create.query());
        List<Field> columns = TableStatements.renamed(
                named(plan.fields(), create.columnNames().orElse(null), name));
        String definition = "CREATE OR REPLACE VIEW " + ConstraintChecks.sqlName(name)
                + create.columnNames()
                        .map(names -> names.stream()
                                .map(column -> ConstraintChecks.quote(column.toString()))
                                .collect(Collectors.joining(", ", " (", ")")))
                        .orElse("")
                + " AS " + querySql;
        ViewDefinition view = new ViewDefinition(name, querySql, columns, create.temporary(), definition);
        synchronized (database.store()) {
            if (!replaying && !create.temporary()) {
                database.store().saveView(name, definition);
            }
            database.catalog().putView(view);
        }
        return QueryResult.ofUpdateCount(0);
    }

    /** The query's columns under the names the view gives them, when it gives names. */
    private static List<Field> named(List<Field> fields, SqlNodeList names, String view) {
        if (names == null) {
            return fields;
        }
        if (names.size() > fields.size()) {
            SqlParserPos pos = names.getParserPosition();
            throw new QuiverException(
                    ErrorCode.INVALID_QUERY,
                    "view " + view + " names " + names.size() + " columns, but its query has " + fields.size(),
                    pos.getLineNum(),
                    pos.getColumnNum(),
                    null);
        }
        List<Field> renamed = new ArrayList<>(fields);
        for (int index = 0; index < names.size(); index++) {
            SqlNode name = names.get(index);
            Field field = fields.get(index);
            renamed.set(index, new Field(name.toString(), field.getFieldType(), field.getChildren()));
        }
        return renamed;
    }

    QueryResult drop(SqlDropView drop) {
        String name = queries.names()
                .resolve(
                        drop.name(),
                        candidate -> database.catalog().view(candidate).isPresent());
        boolean dropped;
        synchronized (database.store()) {
            ViewDefinition view = database.catalog().view(name).orElse(null);
            dropped = view != null;
            if (dropped) {
                if (!view.temporary()) {
                    database.store().dropView(name);
                }
                database.catalog().dropView(name);
            }
        }
        if (!dropped && !drop.ifExists()) {
            SqlParserPos pos = drop.name().getParserPosition();
            throw new QuiverException(
                    ErrorCode.UNKNOWN_TABLE,
                    "View " + drop.name().names.getLast() + " does not exist",
                    pos.getLineNum(),
                    pos.getColumnNum(),
                    null);
        }
        return QueryResult.ofUpdateCount(0);
    }
}
