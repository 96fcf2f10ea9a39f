package dev.quiver.engine;

import dev.quiver.engine.catalog.MemoryTable;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.engine.catalog.Transaction;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.function.NestedCast;
import dev.quiver.engine.plan.PlannedQuery;
import dev.quiver.engine.plan.QuiverTypeFactory;
import dev.quiver.engine.sql.SelectNodes;
import dev.quiver.engine.sql.SqlParsing;
import dev.quiver.engine.sql.ddl.SqlTruncateTable;
import dev.quiver.engine.type.TypeMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * UPDATE, DELETE and TRUNCATE: each computes the table's new rows with a query over the
 * transaction's version of the table and replaces that version's rows (see
 * {@link Transaction#replaceRows}); the rows reach the catalog, and a database file, when the
 * transaction commits. Row order is kept. Each returns the number of rows it changed, as DuckDB does.
 *
 * <ul>
 *   <li>{@code DELETE FROM t WHERE c} keeps {@code SELECT * FROM t WHERE (c) IS NOT TRUE};
 *   <li>{@code UPDATE t SET a = e WHERE c} becomes {@code SELECT CASE WHEN m THEN CAST(e AS type(a))
 *       ELSE a END, …, m FROM (SELECT t.*, (c) IS TRUE AS m FROM t) AS t}, where m marks (and counts)
 *       the changed rows; CASE evaluates e only for them, so e's errors on other rows do not count.
 * </ul>
 */
final class DataChangeStatements {
    /** The column that marks updated rows; quoted, so no user column of a plain name collides. */
    private static final String CHANGED_MARKER = "$quiver_changed";

    private final TableStatements tables;
    private final QueryStatements queries;

    DataChangeStatements(TableStatements tables, QueryStatements queries) {
        this.tables = tables;
        this.queries = queries;
    }

    QueryResult delete(SqlDelete delete, Transaction transaction) {
        SqlIdentifier target = (SqlIdentifier) delete.getTargetTable();
        MemoryTable table = target(target, transaction, "delete from it");
        if (delete.getCondition() == null) {
            return truncate(table, transaction);
        }
        SqlParserPos pos = delete.getParserPosition();
        SqlSelect kept = select(
                SqlNodeList.of(SqlIdentifier.star(pos)),
                from(target, delete.getAlias()),
                SqlStdOperatorTable.IS_NOT_TRUE.createCall(pos, delete.getCondition()),
                pos);
        List<Batch> rows = tables.runIntoStorage(
                queries.planner().plan(kept), table.schema().getFields(), table.name(), batch -> {});
        long deleted =
                table.rowCount() - rows.stream().mapToLong(Batch::rowCount).sum();
        transaction.replaceRows(table.name(), rows, next -> {}); // fewer rows break no constraint
        return QueryResult.ofUpdateCount(deleted);
    }

    QueryResult truncate(SqlTruncateTable truncate, Transaction transaction) {
        return truncate(target(truncate.name(), transaction, "truncate it"), transaction);
    }

    private static QueryResult truncate(MemoryTable table, Transaction transaction) {
        long deleted = table.rowCount();
        transaction.replaceRows(table.name(), List.of(), next -> {});
        return QueryResult.ofUpdateCount(deleted);
    }

    QueryResult update(SqlUpdate update, Transaction transaction) {
        SqlIdentifier target = (SqlIdentifier) update.getTargetTable();
        MemoryTable table = target(target, transaction, "update it");
        SqlParserPos pos = update.getParserPosition();
        List<Field> fields = table.schema().getFields();
        Map<String, SqlNode> assignments = assignments(update, table);
        String qualifier = update.getAlias() != null ? update.getAlias().getSimple() : target.names.getLast();
        SqlNode condition = update.getCondition();
        RelDataTypeFactory types = new QuiverTypeFactory();
        SqlIdentifier marker = new SqlIdentifier(List.of(qualifier, CHANGED_MARKER), pos);
        List<SqlNode> columns = new ArrayList<>();
        for (Field field : fields) {
            SqlIdentifier column = new SqlIdentifier(List.of(qualifier, field.getName()), pos);
            SqlNode value = assignments.get(field.getName().toLowerCase(Locale.ROOT));
            if (value == null) {
                columns.add(column);
                continue;
            }
            SqlNode cast = NestedCast.castTo(value, TypeMapping.toSql(field, types), value.getParserPosition());
            columns.add(
                    condition == null
                            ? cast
                            : new SqlCase(pos, null, SqlNodeList.of(marker), SqlNodeList.of(cast), column));
        }
        SqlNode from;
        if (condition == null) {
            from = from(target, update.getAlias());
        } else {
            // The marker is computed once, below, and read by every CASE and by the count.
            SqlSelect marked = select(
                    SqlNodeList.of(
                            SqlIdentifier.star(List.of(qualifier, ""), pos, List.of(pos, pos)),
                            SqlStdOperatorTable.AS.createCall(
                                    pos,
                                    SqlStdOperatorTable.IS_TRUE.createCall(pos, condition),
                                    new SqlIdentifier(CHANGED_MARKER, pos))),
                    from(target, update.getAlias()),
                    null,
                    pos);
            from = SqlStdOperatorTable.AS.createCall(pos, marked, new SqlIdentifier(qualifier, pos));
            columns.add(marker);
        }
        SqlSelect query = select(new SqlNodeList(columns, pos), from, null, pos);
        PlannedQuery plan = queries.planner().plan(query);
        AtomicLong changed = new AtomicLong();
        List<Batch> rows = tables.runIntoStorage(plan, fields, table.name(), batch -> {
            if (condition == null) {
                changed.addAndGet(batch.rowCount());
            } else {
                changed.addAndGet(countTrue(batch.column(fields.size()), batch.rowCount()));
            }
        });
        transaction.replaceRows(table.name(), rows, tables.constraintsOf(transaction));
        return QueryResult.ofUpdateCount(changed.get());
    }

    /** Column (lower-case) to its new value; an unknown column or one set twice is an error. */
    static Map<String, SqlNode> assignments(SqlUpdate update, MemoryTable table) {
        Map<String, SqlNode> assignments = new HashMap<>();
        List<SqlNode> targets = update.getTargetColumnList().getList();
        for (int index = 0; index < targets.size(); index++) {
            SqlIdentifier column = (SqlIdentifier) targets.get(index);
            String name = column.names.getLast();
            boolean known = table.schema().getFields().stream()
                    .anyMatch(field -> field.getName().equalsIgnoreCase(name));
            if (!known) {
                throw positioned(
                        ErrorCode.UNKNOWN_COLUMN,
                        "Column " + name + " not found in table " + table.name(),
                        column.getParserPosition());
            }
            SqlNode value = update.getSourceExpressionList().get(index);
            if (value.getKind() == SqlKind.DEFAULT) { // SET c = DEFAULT: the column's default, else NULL
                String text = TableConstraints.of(table.schema()).defaultOf(name);
                value = text == null
                        ? SqlLiteral.createNull(value.getParserPosition())
                        : SqlParsing.parseExpression(text);
            }
            if (assignments.put(name.toLowerCase(Locale.ROOT), value) != null) {
                throw positioned(
                        ErrorCode.INVALID_QUERY,
                        "Column " + name + " is assigned more than once in UPDATE",
                        column.getParserPosition());
            }
        }
        return assignments;
    }

    private static long countTrue(FieldVector marker, int rows) {
        BitVector bits = (BitVector) marker;
        long count = 0;
        for (int row = 0; row < rows; row++) {
            if (!bits.isNull(row) && bits.get(row) == 1) {
                count++;
            }
        }
        return count;
    }

    /** The transaction's version of the table a statement changes; attached databases are read-only. */
    MemoryTable target(SqlIdentifier name, Transaction transaction, String what) {
        tables.refuseAttached(name, what + ": " + name);
        String internal = queries.tableName(name);
        return transaction
                .table(internal)
                .orElseThrow(() -> positioned(
                        ErrorCode.UNKNOWN_TABLE,
                        "Table " + name.names.getLast() + " does not exist",
                        name.getParserPosition()));
    }

    private static SqlNode from(SqlIdentifier target, SqlIdentifier alias) {
        return alias == null ? target : SqlStdOperatorTable.AS.createCall(alias.getParserPosition(), target, alias);
    }

    private static SqlSelect select(SqlNodeList columns, SqlNode from, SqlNode where, SqlParserPos pos) {
        return SelectNodes.select(pos, columns, from, where);
    }

    private static QuiverException positioned(ErrorCode code, String message, SqlParserPos pos) {
        return new QuiverException(code, message, pos.getLineNum(), pos.getColumnNum(), null);
    }
}
