package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.ColumnNames;
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
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * DuckDB's {@code COLUMNS(…)} in a select list, WHERE or ORDER BY (not GROUP BY, HAVING or QUALIFY,
 * as in DuckDB), expanded before validation: the select item that
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
                if (call instanceof SqlSelect select) {
                    refuse(select.getGroup(), "GROUP BY");
                    refuse(select.getHaving(), "HAVING");
                    refuse(select.getQualify(), "QUALIFY");
                    Function<SqlNode, List<String>> names = query -> columnNamesInScope(columnNames, query);
                    if (hasColumnsCall(select.getSelectList())) {
                        select.setSelectList(expandList(select.getSelectList(), select.getFrom(), names, constants));
                    }
                    if (select.getWhere() != null
                            && !ColumnsCalls.in(select.getWhere()).isEmpty()) {
                        select.setWhere(expandCondition(select.getWhere(), select.getFrom(), names, constants));
                    }
                    if (hasColumnsCall(select.getOrderList())) {
                        select.setOrderBy(expandList(select.getOrderList(), select.getFrom(), names, constants));
                    }
                } else if (call instanceof SqlOrderBy orderBy
                        && orderBy.query instanceof SqlSelect select
                        && hasColumnsCall(orderBy.orderList)) {
                    SqlNodeList expanded = expandList(
                            orderBy.orderList,
                            select.getFrom(),
                            query -> columnNamesInScope(columnNames, query),
                            constants);
                    orderBy.orderList.getList().clear();
                    orderBy.orderList.getList().addAll(expanded.getList());
                }
            }
        });
    }

    /** COLUMNS(…) where DuckDB refuses it too ("STAR expression is not supported here"). */
    private static void refuse(SqlNode clause, String where) {
        List<SqlCall> calls = clause == null ? List.of() : ColumnsCalls.in(clause);
        if (!calls.isEmpty()) {
            throw error(
                    "COLUMNS(…) is not supported in " + where, calls.getFirst().getParserPosition());
        }
    }

    private static boolean hasColumnsCall(SqlNodeList items) {
        return items != null
                && items.stream().anyMatch(item -> !ColumnsCalls.in(item).isEmpty());
    }

    /** A select or ORDER BY list with each item that holds COLUMNS(…) expanded into one item per column. */
    private static SqlNodeList expandList(
            SqlNodeList items,
            SqlNode from,
            Function<SqlNode, List<String>> columnNames,
            Function<SqlNode, Object> constants) {
        SqlNodeList expanded = new SqlNodeList(items.getParserPosition());
        for (SqlNode item : items) {
            SqlCall columns = onlyColumnsCall(item);
            if (columns == null) {
                expanded.add(item);
                continue;
            }
            SqlParserPos pos = columns.getParserPosition();
            SqlIdentifier alias = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(1) : null;
            SqlNode expression = alias != null ? ((SqlCall) item).operand(0) : item;
            Selection selection = Selection.of(columns, from, columnNames, constants);
            if (ColumnsCalls.isUnpacked(columns)) {
                SqlNode unpacked = expression.accept(new Substitution(selection.references(pos)));
                expanded.add(SqlStdOperatorTable.AS.createCall(
                        pos, unpacked, alias != null ? alias : new SqlIdentifier(ColumnNames.of(unpacked), pos)));
                continue;
            }
            for (int index = 0; index < selection.picked().size(); index++) {
                SqlNode replaced = selection.replacement(index, expression, columns, pos);
                SqlIdentifier itemName = alias != null ? alias : new SqlIdentifier(selection.itemName(index), pos);
                expanded.add(
                        isOrderKey(expression) ? replaced : SqlStdOperatorTable.AS.createCall(pos, replaced, itemName));
            }
        }
        return expanded;
    }

    /** Whether {@code expression} is an ORDER BY key with a direction or NULLS order, which takes no alias. */
    private static boolean isOrderKey(SqlNode expression) {
        return expression.getKind() == SqlKind.DESCENDING
                || expression.getKind() == SqlKind.NULLS_FIRST
                || expression.getKind() == SqlKind.NULLS_LAST;
    }

    /**
     * A WHERE condition that holds COLUMNS(…): the condition for each column, joined by AND, as
     * DuckDB does ({@code WHERE COLUMNS('x.*') > 1}); with {@code *COLUMNS(…)} one condition.
     */
    private static SqlNode expandCondition(
            SqlNode condition,
            SqlNode from,
            Function<SqlNode, List<String>> columnNames,
            Function<SqlNode, Object> constants) {
        SqlCall columns = onlyColumnsCall(condition);
        SqlParserPos pos = columns.getParserPosition();
        Selection selection = Selection.of(columns, from, columnNames, constants);
        if (ColumnsCalls.isUnpacked(columns)) {
            return condition.accept(new Substitution(selection.references(pos)));
        }
        SqlNode all = null;
        for (int index = 0; index < selection.picked().size(); index++) {
            SqlNode one = selection.replacement(index, condition, columns, pos);
            all = all == null ? one : SqlStdOperatorTable.AND.createCall(pos, all, one);
        }
        return all;
    }

    /** The one COLUMNS call in {@code node} (outside subqueries), null when none; two are an error. */
    private static SqlCall onlyColumnsCall(SqlNode node) {
        List<SqlCall> calls = ColumnsCalls.in(node);
        if (calls.isEmpty()) {
            return null;
        }
        if (calls.size() > 1) {
            throw error(
                    "one select item may hold only one COLUMNS(…) expression",
                    calls.getFirst().getParserPosition());
        }
        return calls.getFirst();
    }

    /**
     * The columns one COLUMNS call picks, in FROM order, with what its modifiers say of each: a
     * REPLACE expression, a RENAME name, the table a qualified star ({@code t.*}) picks from.
     *
     * @param qualifier the table of {@code t.*}, empty for all columns in scope
     * @param replacements lower-case column name to its REPLACE expression
     * @param renames lower-case column name to its new name
     */
    private record Selection(
            List<String> qualifier,
            List<String> picked,
            Map<String, SqlNode> replacements,
            Map<String, String> renames) {

        static Selection of(
                SqlCall columns,
                SqlNode from,
                Function<SqlNode, List<String>> columnNames,
                Function<SqlNode, Object> constants) {
            SqlParserPos pos = columns.getParserPosition();
            if (from == null) {
                throw error("COLUMNS(…) needs a FROM clause to pick columns from", pos);
            }
            List<SqlNode> operands = columns.getOperandList();
            if (operands.isEmpty()) {
                throw error("COLUMNS takes one argument: *, a regular expression or a list of names", pos);
            }
            SqlNode argument = operands.getFirst();
            List<SqlNode> modifiers = operands.subList(1, operands.size());
            if (argument instanceof SqlCall mark && isModifier(mark)) {
                // COLUMNS(* EXCLUDE (…)), or sql/StarModifiers' COLUMNS(<marks>…) for a bare star
                argument = SqlIdentifier.star(pos);
                modifiers = operands;
            }
            List<String> qualifier = argument instanceof SqlIdentifier star && star.isStar() && star.names.size() > 1
                    ? star.names.subList(0, star.names.size() - 1)
                    : List.of();
            SqlNodeList selectList =
                    SqlNodeList.of(qualifier.isEmpty() ? SqlIdentifier.star(pos) : (SqlIdentifier) argument.clone(pos));
            List<String> names = columnNames.apply(SelectNodes.select(pos, selectList, from, null));
            List<String> picked = matching(argument, names, constants, pos);
            Map<String, SqlNode> replacements = new HashMap<>();
            Map<String, String> renames = new HashMap<>();
            for (SqlNode operand : modifiers) {
                if (operand instanceof SqlCall exclude && StarModifiers.isExcludeMark(exclude)) {
                    picked = excluded(picked, exclude, pos);
                } else if (operand instanceof SqlCall replace && StarModifiers.isReplaceMark(replace)) {
                    pairs(replace, "REPLACE", picked, pos).forEach((name, value) -> replacements.put(name, value));
                } else if (operand instanceof SqlCall rename && StarModifiers.isRenameMark(rename)) {
                    pairs(rename, "RENAME", picked, pos)
                            .forEach((name, value) -> renames.put(name, ((SqlIdentifier) value).getSimple()));
                } else if (operand instanceof SqlLambda lambda) {
                    picked = matching(lambda, picked, constants, pos); // t.* LIKE 'a%'
                } else {
                    throw error("COLUMNS takes one argument: *, a regular expression or a list of names", pos);
                }
            }
            return new Selection(qualifier, picked, replacements, renames);
        }

        /** The picked column at {@code index} as an identifier, qualified as the star was. */
        SqlIdentifier reference(int index, SqlParserPos pos) {
            List<String> names = new ArrayList<>(qualifier);
            names.add(picked.get(index));
            return new SqlIdentifier(names, pos);
        }

        /** Every picked column as an identifier, for {@code *COLUMNS(…)}. */
        List<SqlNode> references(SqlParserPos pos) {
            List<SqlNode> references = new ArrayList<>();
            for (int index = 0; index < picked.size(); index++) {
                references.add(reference(index, pos));
            }
            return references;
        }

        /** {@code expression} for the picked column at {@code index}: its REPLACE expression or the column. */
        SqlNode replacement(int index, SqlNode expression, SqlCall columns, SqlParserPos pos) {
            SqlNode replacement = replacements.get(picked.get(index).toLowerCase(Locale.ROOT));
            return replacement != null
                    ? replacement.accept(new Substitution(List.of(reference(index, pos))))
                    : expression.accept(new Substitution(List.of(reference(index, pos))));
        }

        /** The output name of the picked column at {@code index}: its RENAME name or its own. */
        String itemName(int index) {
            return renames.getOrDefault(picked.get(index).toLowerCase(Locale.ROOT), picked.get(index));
        }
    }

    /** Whether {@code call} is the mark of a star's EXCLUDE, REPLACE or RENAME list. */
    private static boolean isModifier(SqlCall call) {
        return StarModifiers.isExcludeMark(call)
                || StarModifiers.isReplaceMark(call)
                || StarModifiers.isRenameMark(call);
    }

    /** The columns of {@code names} that {@code argument} picks, in FROM order. */
    private static List<String> matching(
            SqlNode argument, List<String> names, Function<SqlNode, Object> constants, SqlParserPos pos) {
        List<String> picked = new ArrayList<>();
        if (argument instanceof SqlIdentifier star && star.isStar()) {
            picked.addAll(names);
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

    /** {@code names} without the columns an EXCLUDE mark lists; a listed column must be one of them. */
    private static List<String> excluded(List<String> names, SqlCall exclude, SqlParserPos pos) {
        List<String> excluded = new ArrayList<>();
        for (SqlNode operand : exclude.getOperandList()) {
            if (!(operand instanceof SqlIdentifier identifier)) {
                throw error("EXCLUDE takes a list of column names", operand.getParserPosition());
            }
            String name = identifier.names.getLast();
            if (names.stream().noneMatch(column -> column.equalsIgnoreCase(name))) {
                throw error("column \"" + name + "\" in EXCLUDE list not found in FROM clause", pos);
            }
            excluded.add(name);
        }
        return names.stream()
                .filter(name -> excluded.stream().noneMatch(name::equalsIgnoreCase))
                .toList();
    }

    /**
     * The pairs of a REPLACE ({@code e AS c}) or RENAME ({@code c AS n}) mark (sql/StarModifiers
     * checked their shape): lower-case column name to the expression, or to the new name. A REPLACE
     * column must be picked; a RENAME of a column that is not is ignored, as in DuckDB.
     */
    private static Map<String, SqlNode> pairs(SqlCall modifier, String word, List<String> picked, SqlParserPos pos) {
        Map<String, SqlNode> pairs = new HashMap<>();
        List<SqlNode> operands = modifier.getOperandList();
        for (int index = 0; index + 1 < operands.size(); index += 2) {
            boolean rename = word.equals("RENAME");
            String column = rename
                    ? ((SqlIdentifier) operands.get(index)).names.getLast()
                    : ((SqlIdentifier) operands.get(index + 1)).getSimple();
            if (!rename && picked.stream().noneMatch(name -> name.equalsIgnoreCase(column))) {
                throw error("column \"" + column + "\" in " + word + " list not found in FROM clause", pos);
            }
            pairs.put(column.toLowerCase(Locale.ROOT), rename ? operands.get(index + 1) : operands.get(index));
        }
        return pairs;
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

    /**
     * A deep copy of an expression with its COLUMNS call replaced by one column, or, for
     * {@code *COLUMNS(…)}, spliced into the arguments of the call that holds it as every column.
     */
    private static final class Substitution extends SqlShuttle {
        private final List<SqlNode> references;

        Substitution(List<SqlNode> references) {
            this.references = references;
        }

        @Override
        public SqlNode visit(SqlCall call) {
            if (ColumnsCalls.isColumnsCall(call)) {
                return references.getFirst().clone(call.getParserPosition());
            }
            if (call instanceof SqlSelect) {
                return call; // a subquery keeps its own COLUMNS (expanded on its own)
            }
            if (call instanceof SqlBasicCall basic
                    && basic.getOperandList().stream()
                            .anyMatch(operand -> operand instanceof SqlCall inner && ColumnsCalls.isUnpacked(inner))) {
                List<SqlNode> operands = new ArrayList<>();
                for (SqlNode operand : basic.getOperandList()) {
                    if (operand instanceof SqlCall inner && ColumnsCalls.isUnpacked(inner)) {
                        references.forEach(reference -> operands.add(reference.clone(reference.getParserPosition())));
                    } else {
                        operands.add(operand == null ? null : operand.accept(this));
                    }
                }
                return basic.getOperator()
                        .createCall(basic.getFunctionQuantifier(), basic.getParserPosition(), operands);
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
