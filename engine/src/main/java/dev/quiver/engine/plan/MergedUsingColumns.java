package dev.quiver.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * The unqualified USING column of a chain of USING joins with a FULL or RIGHT one, {@code SELECT k
 * FROM a FULL JOIN b USING (k) FULL JOIN c USING (k)}: DuckDB merges the key of every table, Calcite's
 * expansion reads only the first join's ({@code COALESCE(a.k, b.k)}, NULL for a row of {@code c}
 * alone). So before validation such a {@code k} in the SELECT's own clauses becomes {@code
 * COALESCE(a.k, b.k, c.k)} (named {@code k} in the select list). Only FROM clauses that are joins
 * USING that column throughout, of named tables, are rewritten; Calcite is right for the others.
 * Rewrites the parse tree in place.
 */
final class MergedUsingColumns {
    private MergedUsingColumns() {}

    static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() instanceof SqlJoin join) {
                    rewriteSelect(select, join);
                }
                return super.visit(call);
            }
        });
    }

    private static void rewriteSelect(SqlSelect select, SqlJoin from) {
        List<SqlJoin> joins = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        if (!collect(from, joins, tables)
                || joins.size() < 2
                || joins.stream()
                        .noneMatch(
                                join -> join.getJoinType() == JoinType.FULL || join.getJoinType() == JoinType.RIGHT)) {
            return;
        }
        Set<String> merged = null;
        for (SqlJoin join : joins) {
            Set<String> names = new TreeSet<>();
            for (SqlNode column : (SqlNodeList) join.getCondition()) {
                names.add(((SqlIdentifier) column).getSimple().toLowerCase(Locale.ROOT));
            }
            if (merged == null) {
                merged = names;
            } else {
                merged.retainAll(names);
            }
        }
        if (merged.isEmpty()) {
            return;
        }
        Set<String> keys = merged;
        SqlShuttle replacer = new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier identifier) {
                if (identifier.isSimple()
                        && keys.contains(identifier.getSimple().toLowerCase(Locale.ROOT))) {
                    return coalesced(identifier, tables);
                }
                return identifier;
            }

            @Override
            public SqlNode visit(SqlCall call) {
                return call instanceof SqlSelect ? call : super.visit(call); // a subquery has its own FROM
            }
        };
        SqlNodeList items = select.getSelectList();
        for (int index = 0; index < items.size(); index++) {
            SqlNode item = items.get(index);
            if (item instanceof SqlIdentifier identifier
                    && identifier.isSimple()
                    && keys.contains(identifier.getSimple().toLowerCase(Locale.ROOT))) {
                SqlParserPos pos = item.getParserPosition();
                items.set(index, SqlStdOperatorTable.AS.createCall(pos, coalesced(identifier, tables), identifier));
            } else {
                items.set(index, item.accept(replacer));
            }
        }
        select.setWhere(rewritten(select.getWhere(), replacer));
        select.setGroupBy((SqlNodeList) rewritten(select.getGroup(), replacer));
        select.setHaving(rewritten(select.getHaving(), replacer));
    }

    private static SqlNode rewritten(SqlNode clause, SqlShuttle replacer) {
        return clause == null ? null : clause.accept(replacer);
    }

    /**
     * Whether {@code from} is USING joins only, of named tables: collects the joins and the tables'
     * names (alias, else table name), left to right.
     */
    private static boolean collect(SqlNode from, List<SqlJoin> joins, List<String> tables) {
        if (from instanceof SqlJoin join) {
            if (join.getConditionType() != JoinConditionType.USING || join.isNatural()) {
                return false;
            }
            joins.add(join);
            return collect(join.getLeft(), joins, tables) && collect(join.getRight(), joins, tables);
        }
        if (from.getKind() == SqlKind.AS && ((SqlCall) from).operand(1) instanceof SqlIdentifier alias) {
            tables.add(alias.getSimple());
            return true;
        }
        if (from instanceof SqlIdentifier table) {
            tables.add(table.names.getLast());
            return true;
        }
        return false;
    }

    private static SqlNode coalesced(SqlIdentifier column, List<String> tables) {
        SqlParserPos pos = column.getParserPosition();
        List<SqlNode> operands = new ArrayList<>();
        for (String table : tables) {
            operands.add(new SqlIdentifier(List.of(table, column.getSimple()), pos));
        }
        return SqlStdOperatorTable.COALESCE.createCall(pos, operands);
    }
}
