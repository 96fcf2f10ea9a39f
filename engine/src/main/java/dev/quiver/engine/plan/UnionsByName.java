package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.DuckDbClauses;
import dev.quiver.engine.sql.SelectNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * DuckDB's {@code a UNION [ALL] BY NAME b}, which the parser leaves as a union whose right query is
 * {@code SELECT * FROM (b) AS "*by name"} ({@link DuckDbClauses#BY_NAME_MARK}), lined up by column
 * name before validation: the result has a's columns in a's order, then b's columns that a lacks
 * (names compare case-insensitively, a's spelling wins), and each side gives NULL for the columns it
 * lacks, as DuckDB does. Each side's names must be distinct.
 */
final class UnionsByName {
    /** The alias of the left query when it has to be wrapped to gain columns. */
    private static final String LEFT = "*left";

    private UnionsByName() {}

    /**
     * Rewrites {@code statement} in place, inner unions first. {@code columnNames} gives the names of
     * the output columns of a query that stands alone (only the validator knows them).
     */
    static void rewrite(SqlNode statement, Function<SqlNode, List<String>> columnNames) {
        statement.accept(new WithScopedVisitor() {
            @Override
            void afterOperands(SqlCall call) {
                if (call instanceof SqlBasicCall union
                        && union.getKind() == SqlKind.UNION
                        && union.operandCount() == 2
                        && markedQuery(union.operand(1)) != null) {
                    lineUp(union, query -> columnNamesInScope(columnNames, query));
                }
            }
        });
    }

    /** The query {@code b} inside the marked {@code SELECT * FROM (b) AS "*by name"}, or null. */
    private static SqlNode markedQuery(SqlNode node) {
        if (node instanceof SqlSelect select
                && select.getFrom() instanceof SqlCall as
                && as.getKind() == SqlKind.AS
                && as.operandCount() == 2
                && as.operand(1) instanceof SqlIdentifier alias
                && alias.isSimple()
                && alias.getSimple().equals(DuckDbClauses.BY_NAME_MARK)) {
            return as.operand(0);
        }
        return null;
    }

    private static void lineUp(SqlBasicCall union, Function<SqlNode, List<String>> columnNames) {
        SqlParserPos pos = union.getParserPosition();
        SqlSelect right = (SqlSelect) union.operand(1);
        SqlNode left = union.operand(0);
        List<String> leftNames = distinct(columnNames.apply(left), pos);
        List<String> rightNames = distinct(columnNames.apply(markedQuery(right)), pos);
        List<String> names = new ArrayList<>(leftNames);
        for (String name : rightNames) {
            if (indexOf(leftNames, name) < 0) {
                names.add(name);
            }
        }
        right.setSelectList(items(names, rightNames, DuckDbClauses.BY_NAME_MARK, pos));
        if (names.size() > leftNames.size()) {
            SqlNode from = SelectNodes.aliased(left, new SqlIdentifier(LEFT, pos), pos);
            union.setOperand(0, SelectNodes.select(pos, items(names, leftNames, LEFT, pos), from, null));
        }
    }

    /** {@code alias.name AS name} for each of {@code names} the side has, else {@code NULL AS name}. */
    private static SqlNodeList items(List<String> names, List<String> sideNames, String alias, SqlParserPos pos) {
        SqlNodeList items = new SqlNodeList(pos);
        for (String name : names) {
            int index = indexOf(sideNames, name);
            SqlNode value = index < 0
                    ? SqlLiteral.createNull(pos)
                    : new SqlIdentifier(List.of(alias, sideNames.get(index)), pos);
            items.add(SqlStdOperatorTable.AS.createCall(pos, value, new SqlIdentifier(name, pos)));
        }
        return items;
    }

    /** {@code names}, which must not repeat a name (ignoring case), as DuckDB requires. */
    private static List<String> distinct(List<String> names, SqlParserPos pos) {
        for (int index = 0; index < names.size(); index++) {
            if (indexOf(names.subList(0, index), names.get(index)) >= 0) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY,
                        "UNION BY NAME needs distinct column names on each side, but \"" + names.get(index)
                                + "\" occurs more than once; give the columns distinct aliases",
                        pos.getLineNum(),
                        pos.getColumnNum(),
                        null);
            }
        }
        return names;
    }

    private static int indexOf(List<String> names, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int index = 0; index < names.size(); index++) {
            if (names.get(index).toLowerCase(Locale.ROOT).equals(lower)) {
                return index;
            }
        }
        return -1;
    }
}
