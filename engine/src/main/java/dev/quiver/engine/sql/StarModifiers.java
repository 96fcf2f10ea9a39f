package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlStarExclude;
import org.apache.calcite.sql.SqlStarReplace;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * DuckDB's {@code SELECT * EXCLUDE (a, b)}, {@code SELECT t.* REPLACE (e AS a)} and
 * {@code SELECT * RENAME (a AS b)} after parsing: {@link DuckDbClauses} wrote them as a star item
 * followed by calls of marker names ({@link #EXCLUDE_MARK}, {@link #REPLACE_MARK},
 * {@link #RENAME_MARK}); here a star with one EXCLUDE or one REPLACE becomes Calcite's
 * {@link SqlStarExclude} or {@link SqlStarReplace}, which the validator expands, and any other
 * combination {@code COLUMNS([t.*,] marks…)}, which the planner expands.
 */
public final class StarModifiers {
    /** The quoted function name that stands for EXCLUDE in the text the grammar reads (as wide as the word). */
    static final String EXCLUDE_MARK = "\"*excl\"";

    /** The quoted function name that stands for REPLACE. */
    static final String REPLACE_MARK = "\"*repl\"";

    /** The quoted function name that stands for RENAME. */
    static final String RENAME_MARK = "\"*rnm\"";

    private StarModifiers() {}

    /** Whether parsed text holds a mark, so {@link #attach} has work to do. */
    static boolean isMarked(String text) {
        return text.contains(EXCLUDE_MARK) || text.contains(REPLACE_MARK) || text.contains(RENAME_MARK);
    }

    /** Whether {@code call} is the EXCLUDE mark, as inside DuckDB's {@code COLUMNS(* EXCLUDE (…))}. */
    public static boolean isExcludeMark(SqlCall call) {
        return call instanceof SqlBasicCall basic && "EXCLUDE".equals(marker(basic));
    }

    /** Rewrites every select list of {@code statement} in place. */
    public static void attach(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getSelectList() != null) {
                    select.setSelectList(attach(select.getSelectList()));
                }
                for (SqlNode operand : call.getOperandList()) {
                    if (operand != null) { // statements such as ATTACH leave optional operands null
                        operand.accept(this);
                    }
                }
                return null;
            }

            @Override
            public Void visit(SqlNodeList list) {
                for (SqlNode node : list) {
                    if (node != null) {
                        node.accept(this);
                    }
                }
                return null;
            }
        });
    }

    private static SqlNodeList attach(SqlNodeList items) {
        if (items.stream().noneMatch(item -> marker(item) != null)) {
            return items;
        }
        SqlNodeList attached = new SqlNodeList(items.getParserPosition());
        for (int position = 0; position < items.size(); position++) {
            SqlNode item = items.get(position);
            String marker = marker(item);
            if (marker == null) {
                attached.add(item);
                continue;
            }
            SqlNode previous = attached.isEmpty() ? null : attached.get(attached.size() - 1);
            if (!(previous instanceof SqlIdentifier star) || !star.isStar()) {
                throw syntaxError(marker + " follows a star (SELECT * " + marker + " (...))", item);
            }
            List<SqlCall> modifiers = new ArrayList<>();
            modifiers.add((SqlCall) item);
            while (position + 1 < items.size() && marker(items.get(position + 1)) != null) {
                modifiers.add((SqlCall) items.get(++position));
            }
            attached.set(attached.size() - 1, starItem(star, modifiers));
        }
        return attached;
    }

    /**
     * The star with its modifier lists: Calcite's own star-exclude or star-replace for one EXCLUDE or
     * one REPLACE, else {@code COLUMNS([t.*,] <marks>…)} (no star for {@code *}), which the planner
     * expands (plan/ColumnsExpressions).
     */
    private static SqlNode starItem(SqlIdentifier star, List<SqlCall> modifiers) {
        SqlCall last = modifiers.getLast();
        SqlParserPos pos = star.getParserPosition().plus(last.getParserPosition());
        Set<String> seen = new HashSet<>();
        for (SqlCall modifier : modifiers) {
            if (!seen.add(marker(modifier))) {
                throw syntaxError("a star takes each of EXCLUDE, REPLACE and RENAME once", modifier);
            }
            if (!"EXCLUDE".equals(marker(modifier))) {
                checkPairs(modifier);
            }
        }
        if (modifiers.size() == 1 && !"RENAME".equals(marker(last))) {
            List<SqlNode> operands = last.getOperandList();
            SqlNodeList list = new SqlNodeList(last.getParserPosition());
            if ("EXCLUDE".equals(marker(last))) {
                operands.forEach(list::add);
                return new SqlStarExclude(pos, star, list);
            }
            for (int index = 0; index < operands.size(); index += 2) {
                SqlNode value = operands.get(index);
                SqlNode name = operands.get(index + 1);
                list.add(SqlStdOperatorTable.AS.createCall(
                        value.getParserPosition().plus(name.getParserPosition()), value, name));
            }
            return new SqlStarReplace(pos, star, list);
        }
        List<SqlNode> operands = new ArrayList<>();
        if (star.names.size() > 1) {
            operands.add(star); // t.*; a bare * goes: the grammar reads it only as a call's one argument
        }
        operands.addAll(modifiers);
        SqlUnresolvedFunction columns = new SqlUnresolvedFunction(
                new SqlIdentifier("COLUMNS", pos), null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
        return columns.createCall(pos, operands);
    }

    /** A REPLACE or RENAME list: pairs of an expression (a name for RENAME) and a simple name. */
    private static void checkPairs(SqlCall modifier) {
        List<SqlNode> operands = modifier.getOperandList();
        boolean rename = "RENAME".equals(marker(modifier));
        for (int index = 0; index < operands.size(); index += 2) {
            SqlNode value = operands.get(index);
            SqlNode name = index + 1 < operands.size() ? operands.get(index + 1) : null;
            boolean valueOk = !rename || value instanceof SqlIdentifier identifier && !identifier.isStar();
            if (!valueOk || !(name instanceof SqlIdentifier identifier) || !identifier.isSimple()) {
                throw syntaxError(
                        rename
                                ? "RENAME takes a list of column AS new_name"
                                : "REPLACE takes a list of expression AS column",
                        value);
            }
        }
    }

    private static QuiverException syntaxError(String message, SqlNode where) {
        return new QuiverException(
                ErrorCode.SYNTAX_ERROR,
                "Syntax error: " + message,
                where.getParserPosition().getLineNum(),
                where.getParserPosition().getColumnNum(),
                null);
    }

    /** Whether {@code call} is the REPLACE mark, as in {@code COLUMNS(<exclude mark>, <replace mark>)}. */
    public static boolean isReplaceMark(SqlCall call) {
        return call instanceof SqlBasicCall basic && "REPLACE".equals(marker(basic));
    }

    /** Whether {@code call} is the RENAME mark, as in {@code COLUMNS(*, <rename mark>)}. */
    public static boolean isRenameMark(SqlCall call) {
        return call instanceof SqlBasicCall basic && "RENAME".equals(marker(basic));
    }

    /** "EXCLUDE", "REPLACE" or "RENAME" for a marker call, else null. */
    private static String marker(SqlNode item) {
        if (item instanceof SqlBasicCall call
                && call.getOperator().getNameAsId().isSimple()) {
            String name = call.getOperator().getName();
            if (EXCLUDE_MARK.equals('"' + name + '"')) {
                return "EXCLUDE";
            }
            if (REPLACE_MARK.equals('"' + name + '"')) {
                return "REPLACE";
            }
            if (RENAME_MARK.equals('"' + name + '"')) {
                return "RENAME";
            }
        }
        return null;
    }
}
