package dev.quiver.engine.plan;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.DuckDbClauses;
import dev.quiver.engine.sql.SelectNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * DuckDB's {@code GROUP BY ALL} and {@code ORDER BY ALL}, which the parser leaves as the identifier
 * {@link DuckDbClauses#ALL_COLUMNS}, expanded in place before validation.
 *
 * <p>{@code GROUP BY ALL} groups by every select item that contains no aggregate call (and no window
 * function), as DuckDB does, and by every column a star brings; none left means one group. {@code ORDER BY ALL [DESC] [NULLS …]}
 * orders by every output column, left to right, each with the given direction: it becomes the
 * ordinals {@code 1 … n}.
 */
final class AllColumns {
    private AllColumns() {}

    /**
     * Rewrites {@code statement} in place. {@code isAggregate} tells an aggregate call from a scalar
     * one (unresolved calls need the operator table); {@code columnNames} gives the names of the output
     * columns of a query whose select list has a star (only the validator knows it).
     */
    static void rewrite(
            SqlNode statement, Predicate<SqlCall> isAggregate, Function<SqlNode, List<String>> columnNames) {
        // the WITH lists around the node being visited, innermost last: a star's columns may come from them
        List<SqlNodeList> withLists = new ArrayList<>();
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
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
                super.visit(call); // inner queries first: their column counts are asked of the validator
                if (call instanceof SqlSelect select) {
                    if (isAllColumns(select.getGroup())) {
                        Function<SqlNode, List<String>> inScope = query -> {
                            SqlNode scoped = query;
                            for (int index = withLists.size() - 1; index >= 0; index--) {
                                scoped = new SqlWith(query.getParserPosition(), withLists.get(index), scoped);
                            }
                            return columnNames.apply(scoped);
                        };
                        select.setGroupBy(groupByAll(select, isAggregate, inScope));
                    }
                    if (isAllColumns(select.getOrderList())) {
                        select.setOrderBy(orderByAll(select.getOrderList(), columnCount(select, columnNames)));
                    }
                } else if (call instanceof SqlOrderBy orderBy && isAllColumns(orderBy.orderList)) {
                    SqlNodeList expanded = orderByAll(orderBy.orderList, columnCount(orderBy.query, columnNames));
                    orderBy.orderList.clear();
                    orderBy.orderList.addAll(expanded);
                }
                return null;
            }
        });
    }

    /** Whether {@code list} is the one item ALL (possibly with DESC and NULLS FIRST/LAST around it). */
    private static boolean isAllColumns(SqlNodeList list) {
        return list != null && list.size() == 1 && innerIdentifier(list.get(0)) != null;
    }

    /** The ALL identifier inside an ORDER BY item's DESC / NULLS wrappers, or null. */
    private static SqlIdentifier innerIdentifier(SqlNode item) {
        if (item instanceof SqlIdentifier identifier
                && identifier.isSimple()
                && identifier.getSimple().equals(DuckDbClauses.ALL_COLUMNS)) {
            return identifier;
        }
        if (item instanceof SqlCall call
                && (call.getKind() == SqlKind.DESCENDING
                        || call.getKind() == SqlKind.NULLS_FIRST
                        || call.getKind() == SqlKind.NULLS_LAST)) {
            return innerIdentifier(call.operand(0));
        }
        return null;
    }

    /**
     * The keys of {@code select}'s GROUP BY ALL: its items without aggregates; a star ({@code *},
     * {@code t.*}) stands for every column it brings.
     */
    private static SqlNodeList groupByAll(
            SqlSelect select, Predicate<SqlCall> isAggregate, Function<SqlNode, List<String>> columnNames) {
        SqlNodeList group = select.getGroup();
        List<SqlNode> keys = new ArrayList<>();
        for (SqlNode item : select.getSelectList()) {
            SqlNode expression = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
            if (expression instanceof SqlIdentifier identifier && identifier.isStar()) {
                List<String> names;
                try {
                    names = columnNames.apply(starOnly(select, item));
                } catch (QuiverException e) {
                    // the FROM does not stand alone (it names a CTE): the validator will say which
                    // columns are neither grouped nor aggregated
                    return keys.isEmpty() ? null : new SqlNodeList(keys, group.getParserPosition());
                }
                if (identifier.names.size() == 1 && names.stream().distinct().count() < names.size()) {
                    // a bare star over a join with a name on both sides: left to the validator
                    return keys.isEmpty() ? null : new SqlNodeList(keys, group.getParserPosition());
                }
                // t.* names its columns t.c; * names them by their (unique) names
                List<String> qualifier = identifier.names.subList(0, identifier.names.size() - 1);
                for (String name : names) {
                    List<String> qualified = new ArrayList<>(qualifier);
                    qualified.add(name);
                    keys.add(new SqlIdentifier(qualified, group.getParserPosition()));
                }
                continue;
            }
            if (!aggregateOrWindow(expression, isAggregate)) {
                keys.add(copy(expression));
            }
        }
        return keys.isEmpty() ? null : new SqlNodeList(keys, group.getParserPosition());
    }

    /** {@code SELECT star FROM <select's FROM>}: asks the validator how many columns the star brings. */
    private static SqlSelect starOnly(SqlSelect select, SqlNode star) {
        return SelectNodes.select(star.getParserPosition(), SqlNodeList.of(copy(star)), select.getFrom(), null);
    }

    private static SqlNodeList orderByAll(SqlNodeList order, int columns) {
        SqlNode item = order.get(0);
        SqlNodeList expanded = new SqlNodeList(order.getParserPosition());
        for (int column = 1; column <= columns; column++) {
            expanded.add(
                    wrapLike(item, SqlLiteral.createExactNumeric(Integer.toString(column), item.getParserPosition())));
        }
        return expanded;
    }

    /** {@code ordinal} inside the same DESC / NULLS wrappers as the ALL in {@code item}. */
    private static SqlNode wrapLike(SqlNode item, SqlNode ordinal) {
        if (item instanceof SqlCall call) {
            return call.getOperator().createCall(call.getParserPosition(), wrapLike(call.operand(0), ordinal));
        }
        return ordinal;
    }

    private static int columnCount(SqlNode query, Function<SqlNode, List<String>> validatorNames) {
        int count = countWithoutStar(query);
        return count >= 0 ? count : validatorNames.apply(query).size();
    }

    /** The output column count of {@code query} when the select list tells it (no star), else -1. */
    private static int countWithoutStar(SqlNode query) {
        if (query instanceof SqlSelect select) {
            for (SqlNode item : select.getSelectList()) {
                if (item instanceof SqlIdentifier identifier && identifier.isStar()) {
                    return -1;
                }
            }
            return select.getSelectList().size();
        }
        if (query instanceof SqlOrderBy orderBy) {
            return countWithoutStar(orderBy.query);
        }
        if (query instanceof SqlWith with) {
            return countWithoutStar(with.body);
        }
        if (query instanceof SqlBasicCall call
                && (call.getKind() == SqlKind.UNION
                        || call.getKind() == SqlKind.INTERSECT
                        || call.getKind() == SqlKind.EXCEPT)) {
            return countWithoutStar(call.operand(0));
        }
        return -1;
    }

    /** Whether {@code expression} calls an aggregate or window function (outside its subqueries). */
    private static boolean aggregateOrWindow(SqlNode expression, Predicate<SqlCall> isAggregate) {
        boolean[] found = {false};
        expression.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect) {
                    return null;
                }
                if (call.getKind() == SqlKind.OVER
                        || call.getOperator() instanceof SqlAggFunction
                        || isAggregate.test(call)) {
                    found[0] = true;
                    return null;
                }
                return super.visit(call);
            }
        });
        return found[0];
    }

    /** A deep copy: the validator rewrites nodes, so a select item and its group key must not share any. */
    private static SqlNode copy(SqlNode node) {
        return node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier identifier) {
                return identifier.clone(identifier.getParserPosition());
            }

            @Override
            public SqlNode visit(SqlCall call) {
                CallCopyingArgHandler handler = new CallCopyingArgHandler(call, true);
                call.getOperator().acceptCall(this, call, false, handler);
                return handler.result();
            }

            @Override
            public SqlNode visit(SqlNodeList list) {
                SqlNodeList copied = new SqlNodeList(list.getParserPosition());
                for (SqlNode item : list) {
                    copied.add(item == null ? null : item.accept(this));
                }
                return copied;
            }
        });
    }
}
