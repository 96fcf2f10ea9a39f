package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.ColumnsCalls;
import dev.quiver.engine.sql.SelectNodes;
import dev.quiver.engine.sql.StarModifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * DuckDB's {@code COLUMNS(…)} in a select list, expanded before validation: the select item that
 * holds it becomes one item per matching column of the FROM clause, each named after its column
 * (unless the item has an alias), as DuckDB does — {@code min(COLUMNS(*))}, {@code COLUMNS('a.*') + 1}.
 * The argument picks the columns: {@code *}, {@code * EXCLUDE (…)}, a regular expression (found
 * anywhere in the name, case-sensitive), a list of names (taken in FROM order, as DuckDB does) or a
 * lambda over the name ({@code COLUMNS(c -> c LIKE 'a%')}), evaluated per name by the runtime's
 * kernels.
 */
final class ColumnsExpressions {
    private ColumnsExpressions() {}

    /**
     * Rewrites {@code statement} in place. {@code columnNames} gives the output column names of a
     * query that stands alone (only the validator knows them).
     */
    static void rewrite(
            SqlNode statement, Function<SqlNode, List<String>> columnNames, Function<SqlNode, Object> constants) {
        statement.accept(new WithScopedVisitor() {
            @Override
            void afterOperands(SqlCall call) {
                if (call instanceof SqlSelect select && hasColumnsCall(select.getSelectList())) {
                    select.setSelectList(expand(select, query -> columnNamesInScope(columnNames, query), constants));
                }
            }
        });
    }

    private static boolean hasColumnsCall(SqlNodeList items) {
        return items != null
                && items.stream().anyMatch(item -> !ColumnsCalls.in(item).isEmpty());
    }

    private static SqlNodeList expand(
            SqlSelect select, Function<SqlNode, List<String>> columnNames, Function<SqlNode, Object> constants) {
        SqlNodeList expanded = new SqlNodeList(select.getSelectList().getParserPosition());
        List<String> fromNames = null;
        for (SqlNode item : select.getSelectList()) {
            List<SqlCall> calls = ColumnsCalls.in(item);
            if (calls.isEmpty()) {
                expanded.add(item);
                continue;
            }
            SqlParserPos pos = calls.getFirst().getParserPosition();
            if (calls.size() > 1) {
                throw error("one select item may hold only one COLUMNS(…) expression", pos);
            }
            if (select.getFrom() == null) {
                throw error("COLUMNS(…) needs a FROM clause to pick columns from", pos);
            }
            if (fromNames == null) {
                fromNames = columnNames.apply(SelectNodes.selectAll(pos, select.getFrom()));
            }
            SqlCall columns = calls.getFirst();
            SqlIdentifier alias = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(1) : null;
            SqlNode expression = alias != null ? ((SqlCall) item).operand(0) : item;
            Map<String, SqlNode> replacements = replacements(columns);
            List<String> picked = matching(columns, fromNames, constants);
            for (String name : replacements.keySet()) {
                if (picked.stream().noneMatch(column -> column.equalsIgnoreCase(name))) {
                    throw error("column \"" + name + "\" in REPLACE list not found in FROM clause", pos);
                }
            }
            for (String name : picked) {
                SqlNode replacement = replacements.get(name.toLowerCase(Locale.ROOT));
                SqlNode replaced = replacement != null
                        ? replacement.accept(new Substitution(new SqlIdentifier(name, pos)))
                        : expression.accept(new Substitution(new SqlIdentifier(name, pos)));
                SqlIdentifier itemName = alias != null ? alias : new SqlIdentifier(name, pos);
                expanded.add(SqlStdOperatorTable.AS.createCall(pos, replaced, itemName));
            }
        }
        return expanded;
    }

    /** The columns of {@code names} that {@code columns}'s argument picks, in FROM order. */
    private static List<String> matching(SqlCall columns, List<String> names, Function<SqlNode, Object> constants) {
        SqlParserPos pos = columns.getParserPosition();
        if (columns.operandCount() != 1 && replacements(columns).isEmpty()) {
            throw error("COLUMNS takes one argument: *, a regular expression or a list of names", pos);
        }
        SqlNode argument = columns.operand(0);
        List<String> picked = new ArrayList<>();
        if (argument instanceof SqlIdentifier star && star.isStar()) {
            picked.addAll(names);
        } else if (argument instanceof SqlCall call && StarModifiers.isExcludeMark(call)) {
            List<String> excluded = new ArrayList<>();
            for (SqlNode operand : call.getOperandList()) {
                if (!(operand instanceof SqlIdentifier identifier)) {
                    throw error("EXCLUDE takes a list of column names", operand.getParserPosition());
                }
                String name = identifier.names.getLast();
                if (names.stream().noneMatch(column -> column.equalsIgnoreCase(name))) {
                    throw error("column \"" + name + "\" in EXCLUDE list not found in FROM clause", pos);
                }
                excluded.add(name);
            }
            names.stream()
                    .filter(name -> excluded.stream().noneMatch(name::equalsIgnoreCase))
                    .forEach(picked::add);
        } else if (argument instanceof SqlCharStringLiteral literal) {
            String regex = literal.getValueAs(String.class);
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw error("COLUMNS: invalid regular expression '" + regex + "': " + e.getDescription(), pos);
            }
            names.stream().filter(name -> pattern.matcher(name).find()).forEach(picked::add);
        } else if (argument instanceof SqlBasicCall list
                && !list.getOperandList().isEmpty()
                && list.getOperandList().stream().allMatch(SqlCharStringLiteral.class::isInstance)) {
            // as in DuckDB: the FROM clause's order, each column once, names ignoring case
            List<String> listed = new ArrayList<>();
            for (SqlNode element : list.getOperandList()) {
                String name = ((SqlLiteral) element).getValueAs(String.class);
                if (names.stream().noneMatch(name::equalsIgnoreCase)) {
                    throw error("column \"" + name + "\" in COLUMNS list not found in FROM clause", pos);
                }
                listed.add(name);
            }
            names.stream()
                    .filter(name -> listed.stream().anyMatch(name::equalsIgnoreCase))
                    .forEach(picked::add);
        } else if (argument instanceof SqlLambda lambda) {
            for (int index = 0; index < names.size(); index++) {
                if (picks(lambda, names.get(index), index + 1, constants)) {
                    picked.add(names.get(index));
                }
            }
        } else {
            throw error(
                    "COLUMNS takes *, * EXCLUDE (…), a regular expression (a string), a list of names or a lambda",
                    pos);
        }
        if (picked.isEmpty()) {
            throw error("COLUMNS(" + argument + ") matches no column of the FROM clause", pos);
        }
        return picked;
    }

    /**
     * The REPLACE list of {@code * EXCLUDE (…) REPLACE (e AS c)}, written as COLUMNS with a second
     * operand (sql/StarModifiers): lower-case column name to its expression; empty for other calls.
     */
    private static Map<String, SqlNode> replacements(SqlCall columns) {
        Map<String, SqlNode> replacements = new HashMap<>();
        if (columns.operandCount() == 2
                && columns.operand(1) instanceof SqlCall replace
                && StarModifiers.isReplaceMark(replace)) {
            List<SqlNode> operands = replace.getOperandList();
            for (int index = 0; index + 1 < operands.size(); index += 2) {
                if (!(operands.get(index + 1) instanceof SqlIdentifier name) || !name.isSimple()) {
                    throw error(
                            "REPLACE takes a list of expression AS column",
                            operands.get(index).getParserPosition());
                }
                replacements.put(name.getSimple().toLowerCase(Locale.ROOT), operands.get(index));
            }
        }
        return replacements;
    }

    /** Whether {@code lambda} holds for the column {@code name} at 1-based {@code position}. */
    private static boolean picks(SqlLambda lambda, String name, int position, Function<SqlNode, Object> constants) {
        SqlParserPos pos = lambda.getParserPosition();
        List<SqlNode> parameters = lambda.getParameters().getList();
        if (parameters.isEmpty() || parameters.size() > 2) {
            throw error("a COLUMNS lambda takes one or two parameters: the column name and its position", pos);
        }
        Map<String, SqlNode> values = new HashMap<>();
        values.put(key(parameters.getFirst()), SqlLiteral.createCharString(name, pos));
        if (parameters.size() == 2) {
            values.put(key(parameters.getLast()), SqlLiteral.createExactNumeric(Integer.toString(position), pos));
        }
        SqlNode body = lambda.getExpression().accept(new ParameterValues(values));
        // as DuckDB's list_filter: NULL drops the column, a number picks it unless 0
        return switch (constants.apply(body)) {
            case null -> false;
            case Boolean picked -> picked;
            case Number number -> number.doubleValue() != 0;
            default -> throw error("a COLUMNS lambda must give a BOOLEAN for each column name", pos);
        };
    }

    private static QuiverException error(String message, SqlParserPos pos) {
        return new QuiverException(ErrorCode.INVALID_QUERY, message, pos.getLineNum(), pos.getColumnNum(), null);
    }

    private static String key(SqlNode parameter) {
        return ((SqlIdentifier) parameter).getSimple().toLowerCase(Locale.ROOT);
    }

    /** A deep copy of a lambda body with its parameters replaced by literals. */
    private static final class ParameterValues extends SqlShuttle {
        private final Map<String, SqlNode> values;

        ParameterValues(Map<String, SqlNode> values) {
            this.values = values;
        }

        @Override
        public SqlNode visit(SqlIdentifier identifier) {
            SqlNode value =
                    identifier.isSimple() ? values.get(identifier.getSimple().toLowerCase(Locale.ROOT)) : null;
            return (value != null ? value : identifier).clone(identifier.getParserPosition());
        }

        @Override
        public SqlNode visit(SqlCall call) {
            CallCopyingArgHandler copier = new CallCopyingArgHandler(call, true);
            call.getOperator().acceptCall(this, call, false, copier);
            return copier.result();
        }
    }

    /** A deep copy of an expression with each COLUMNS call replaced by one column. */
    private static final class Substitution extends SqlShuttle {
        private final SqlIdentifier column;

        Substitution(SqlIdentifier column) {
            this.column = column;
        }

        @Override
        public SqlNode visit(SqlCall call) {
            if (ColumnsCalls.isColumnsCall(call)) {
                return column.clone(column.getParserPosition());
            }
            if (call instanceof SqlSelect) {
                return call; // a subquery keeps its own COLUMNS (expanded on its own)
            }
            CallCopyingArgHandler copier = new CallCopyingArgHandler(call, true);
            call.getOperator().acceptCall(this, call, false, copier);
            return copier.result();
        }

        @Override
        public SqlNode visit(SqlIdentifier identifier) {
            return identifier.clone(identifier.getParserPosition());
        }

        @Override
        public SqlNode visit(SqlLiteral literal) {
            return literal.clone(literal.getParserPosition());
        }
    }
}
