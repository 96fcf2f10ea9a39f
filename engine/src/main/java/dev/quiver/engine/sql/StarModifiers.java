package dev.quiver.engine.sql;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.List;
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
 * DuckDB's {@code SELECT * EXCLUDE (a, b)} and {@code SELECT t.* REPLACE (e AS a)} after parsing:
 * {@link DuckDbClauses} wrote them as a star item followed by a call of a marker name
 * ({@link #EXCLUDE_MARK}, {@link #REPLACE_MARK}); here the two items become Calcite's
 * {@link SqlStarExclude} or {@link SqlStarReplace}, which the validator expands.
 */
public final class StarModifiers {
    /** The quoted function name that stands for EXCLUDE in the text the grammar reads (as wide as the word). */
    static final String EXCLUDE_MARK = "\"*excl\"";

    /** The quoted function name that stands for REPLACE. */
    static final String REPLACE_MARK = "\"*repl\"";

    private StarModifiers() {}

    /** Whether parsed text holds a mark, so {@link #attach} has work to do. */
    static boolean isMarked(String text) {
        return text.contains(EXCLUDE_MARK) || text.contains(REPLACE_MARK);
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
            SqlNode previousItem = attached.isEmpty() ? null : attached.get(attached.size() - 1);
            if ("EXCLUDE".equals(marker)
                    && position + 1 < items.size()
                    && "REPLACE".equals(marker(items.get(position + 1)))
                    && previousItem instanceof SqlIdentifier star
                    && star.isStar()) {
                // Calcite's star takes EXCLUDE or REPLACE, not both: COLUMNS(…) expands the pair
                attached.set(
                        attached.size() - 1, excludeReplace(star, (SqlCall) item, (SqlCall) items.get(++position)));
                continue;
            }
            if (marker == null) {
                attached.add(item);
                continue;
            }
            SqlBasicCall call = (SqlBasicCall) item;
            SqlNode previous = attached.isEmpty() ? null : attached.get(attached.size() - 1);
            if (!(previous instanceof SqlIdentifier star) || !star.isStar()) {
                throw new QuiverException(
                        ErrorCode.SYNTAX_ERROR,
                        "Syntax error: " + marker + " follows a star (SELECT * " + marker + " (...))",
                        call.getParserPosition().getLineNum(),
                        call.getParserPosition().getColumnNum(),
                        null);
            }
            SqlParserPos pos = star.getParserPosition().plus(call.getParserPosition());
            List<SqlNode> operands = call.getOperandList();
            SqlNodeList list = new SqlNodeList(call.getParserPosition());
            if (marker.equals("EXCLUDE")) {
                operands.forEach(list::add);
                attached.set(attached.size() - 1, new SqlStarExclude(pos, star, list));
            } else {
                for (int index = 0; index < operands.size(); index += 2) {
                    SqlNode value = operands.get(index);
                    SqlNode name = index + 1 < operands.size() ? operands.get(index + 1) : null;
                    if (!(name instanceof SqlIdentifier identifier) || !identifier.isSimple()) {
                        throw new QuiverException(
                                ErrorCode.SYNTAX_ERROR,
                                "Syntax error: REPLACE takes a list of expression AS column",
                                value.getParserPosition().getLineNum(),
                                value.getParserPosition().getColumnNum(),
                                null);
                    }
                    list.add(SqlStdOperatorTable.AS.createCall(
                            value.getParserPosition().plus(name.getParserPosition()), value, name));
                }
                attached.set(attached.size() - 1, new SqlStarReplace(pos, star, list));
            }
        }
        return attached;
    }

    /** {@code * EXCLUDE (…) REPLACE (…)} as {@code COLUMNS(<exclude mark>, <replace mark>)}. */
    private static SqlNode excludeReplace(SqlIdentifier star, SqlCall exclude, SqlCall replace) {
        if (star.names.size() > 1) {
            throw new QuiverException(
                    ErrorCode.UNSUPPORTED,
                    "EXCLUDE and REPLACE together after a qualified star (" + star + ") are not supported yet;"
                            + " write SELECT * EXCLUDE (…) REPLACE (…)",
                    star.getParserPosition().getLineNum(),
                    star.getParserPosition().getColumnNum(),
                    null);
        }
        SqlParserPos pos = star.getParserPosition().plus(replace.getParserPosition());
        SqlUnresolvedFunction columns = new SqlUnresolvedFunction(
                new SqlIdentifier("COLUMNS", pos), null, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
        return columns.createCall(pos, exclude, replace);
    }

    /** Whether {@code call} is the REPLACE mark, as in {@code COLUMNS(<exclude mark>, <replace mark>)}. */
    public static boolean isReplaceMark(SqlCall call) {
        return call instanceof SqlBasicCall basic && "REPLACE".equals(marker(basic));
    }

    /** "EXCLUDE" or "REPLACE" for a marker call, else null. */
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
        }
        return null;
    }
}
