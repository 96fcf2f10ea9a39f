package dev.quiver.engine.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * DuckDB's {@code s.a} for member {@code a} of a STRUCT column {@code s} when no table is named
 * {@code s}: Calcite reads the first part as a table and fails, so before validation every
 * two-part column reference inside a SELECT whose first part names nothing in that SELECT's FROM
 * (nor in an enclosing one's, for correlated subqueries) becomes {@code s['a']}.
 *
 * <p>Conservative on purpose: every name that appears in a FROM item (alias, table, schema) counts
 * as a table, so {@code t.c} and {@code main.t} keep Calcite's meaning.
 */
public final class StructFieldReferences {
    private StructFieldReferences() {}

    /** Rewrites {@code statement} in place. */
    public static void rewrite(SqlNode statement) {
        find(statement, new ArrayDeque<>());
    }

    /** Looks for SELECTs below {@code node} without rewriting anything outside them. */
    private static void find(SqlNode node, Deque<Set<String>> scopes) {
        if (node instanceof SqlSelect select) {
            select(select, scopes);
        } else if (node instanceof SqlOrderBy orderBy && orderBy.query instanceof SqlSelect select) {
            // SELECT ... ORDER BY parses as an ORDER BY around the SELECT, in the SELECT's scope
            select(select, scopes);
            Set<String> names = new HashSet<>();
            fromNames(select.getFrom(), names);
            scopes.push(names);
            try {
                expression(orderBy.orderList, scopes);
            } finally {
                scopes.pop();
            }
        } else if (node instanceof SqlNodeList list) {
            for (SqlNode element : list) {
                find(element, scopes);
            }
        } else if (node instanceof SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                find(operand, scopes);
            }
        }
    }

    private static void select(SqlSelect select, Deque<Set<String>> scopes) {
        Set<String> names = new HashSet<>();
        fromNames(select.getFrom(), names);
        scopes.push(names);
        try {
            find(select.getFrom(), scopes); // subqueries and join conditions
            SqlNodeList items = select.getSelectList();
            for (int index = 0; index < items.size(); index++) {
                SqlNode item = items.get(index);
                SqlNode rewritten = expression(item, scopes);
                if (rewritten != item && item instanceof SqlIdentifier identifier) {
                    // DuckDB names the column after the member: SELECT s.a gives a column a
                    SqlParserPos position = item.getParserPosition();
                    rewritten = SqlStdOperatorTable.AS.createCall(
                            position, rewritten, new SqlIdentifier(identifier.names.get(1), position));
                }
                items.set(index, rewritten);
            }
            select.setWhere(expression(select.getWhere(), scopes));
            select.setGroupBy((SqlNodeList) expression(select.getGroup(), scopes));
            select.setHaving(expression(select.getHaving(), scopes));
            select.setQualify(expression(select.getQualify(), scopes));
            select.setOrderBy((SqlNodeList) expression(select.getOrderList(), scopes));
        } finally {
            scopes.pop();
        }
    }

    /** Every name of a FROM item: aliases, tables and their schemas; not inside subqueries or ON. */
    private static void fromNames(SqlNode from, Set<String> names) {
        if (from instanceof SqlIdentifier identifier) {
            identifier.names.forEach(name -> names.add(key(name)));
        } else if (from instanceof SqlJoin join) {
            fromNames(join.getLeft(), names);
            fromNames(join.getRight(), names);
        } else if (from instanceof SqlCall call && !(from instanceof SqlSelect)) {
            if (call.getKind() == SqlKind.AS) {
                for (SqlNode operand : call.getOperandList().subList(1, call.operandCount())) {
                    fromNames(operand, names);
                }
            }
            fromNames(call.getKind() == SqlKind.AS ? call.operand(0) : null, names);
        }
    }

    private static SqlNode expression(SqlNode node, Deque<Set<String>> scopes) {
        if (node == null) {
            return null;
        }
        if (node instanceof SqlIdentifier identifier) {
            return member(identifier, scopes);
        }
        if (node instanceof SqlSelect select) {
            select(select, scopes);
            return node;
        }
        if (node instanceof SqlNodeList list) {
            for (int index = 0; index < list.size(); index++) {
                SqlNode element = list.get(index);
                SqlNode rewritten = expression(element, scopes);
                if (rewritten != element) {
                    list.set(index, rewritten);
                }
            }
            return node;
        }
        if (node instanceof SqlCall call) {
            // AS: only the value; its alias is a name, not a column
            int count = call.getKind() == SqlKind.AS ? 1 : call.operandCount();
            for (int index = 0; index < count; index++) {
                SqlNode operand = call.operand(index);
                SqlNode rewritten = expression(operand, scopes);
                if (rewritten != operand) {
                    call.setOperand(index, rewritten);
                }
            }
        }
        return node;
    }

    /** {@code s['a']} for {@code s.a} whose {@code s} names no table in scope, else the identifier. */
    private static SqlNode member(SqlIdentifier identifier, Deque<Set<String>> scopes) {
        if (identifier.names.size() != 2 || identifier.isStar()) {
            return identifier;
        }
        String first = identifier.names.get(0);
        for (Set<String> names : scopes) {
            if (names.contains(key(first))) {
                return identifier;
            }
        }
        SqlParserPos position = identifier.getParserPosition();
        return SqlStdOperatorTable.ITEM.createCall(
                position,
                new SqlIdentifier(first, identifier.getComponentParserPosition(0)),
                SqlLiteral.createCharString(identifier.names.get(1), identifier.getComponentParserPosition(1)));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
