package dev.quiver.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Visits a statement's calls inner ones first, knowing the WITH lists around each: a rewrite that
 * asks the validator for a query's column names must ask with the CTEs the query may read.
 */
abstract class WithScopedVisitor extends SqlBasicVisitor<Void> {
    /** The WITH lists around the call being visited, innermost last. */
    private final List<SqlNodeList> withLists = new ArrayList<>();

    @Override
    public final Void visit(SqlCall call) {
        if (call instanceof SqlWith with) {
            with.withList.accept(this);
            withLists.add(with.withList);
            try {
                with.body.accept(this);
            } finally {
                withLists.removeLast();
            }
            return null;
        }
        super.visit(call);
        afterOperands(call);
        return null;
    }

    /** Called for each call (not a WITH) after its operands were visited. */
    abstract void afterOperands(SqlCall call);

    /** {@code columnNames} of {@code query} inside the WITH lists around the current call. */
    final List<String> columnNamesInScope(Function<SqlNode, List<String>> columnNames, SqlNode query) {
        SqlNode scoped = query;
        for (int index = withLists.size() - 1; index >= 0; index--) {
            scoped = new SqlWith(query.getParserPosition(), withLists.get(index), scoped);
        }
        return columnNames.apply(scoped);
    }
}
