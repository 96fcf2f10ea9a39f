package dev.quiver.engine.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * DuckDB types a recursive CTE by its seed: the working table has the seed's column types and each
 * round's rows are cast to them ({@code SELECT 1::TINYINT UNION ALL SELECT n + 1000 …} fails out of
 * range; {@code SELECT 1 UNION ALL SELECT n + 0.5 …} stays INTEGER). Calcite would widen to the
 * least restrictive type of both terms, which for {@code 1.5 UNION ALL n + 1} never settles. So
 * before validation the recursive term {@code step} becomes
 * {@code SELECT CAST(c0 AS seed type), … FROM (step) AS "*step"(c0, …)} for its numeric columns
 * (other columns pass unchanged: a string seed's CHAR(n) type must not cut longer strings).
 */
final class RecursiveCteTypes {
    private static final String STEP = "*step";

    private RecursiveCteTypes() {}

    /**
     * Rewrites {@code statement} in place. {@code rowType} gives the row type of a query that
     * stands alone (only the validator knows it).
     */
    static void rewrite(SqlNode statement, Function<SqlNode, RelDataType> rowType) {
        statement.accept(new SqlBasicVisitor<Void>() {
            /** The WITH lists around the node being visited, innermost last. */
            private final List<SqlNodeList> withLists = new ArrayList<>();

            @Override
            public Void visit(SqlCall call) {
                if (!(call instanceof SqlWith with)) {
                    return super.visit(call);
                }
                List<SqlNode> items = with.withList.getList();
                for (int index = 0; index < items.size(); index++) {
                    SqlWithItem item = (SqlWithItem) items.get(index);
                    item.query.accept(this);
                    if (item.recursive.booleanValue()
                            && item.query instanceof SqlBasicCall union
                            && union.getKind() == SqlKind.UNION
                            && union.operandCount() == 2) {
                        SqlNode seed = union.operand(0);
                        SqlNodeList before =
                                new SqlNodeList(items.subList(0, index), with.withList.getParserPosition());
                        RelDataType seedType = rowType.apply(scoped(seed, before));
                        union.setOperand(1, castTo(seedType, union.operand(1)));
                    }
                }
                withLists.add(with.withList);
                try {
                    with.body.accept(this);
                } finally {
                    withLists.removeLast();
                }
                return null;
            }

            /** {@code query} inside {@code before} and the WITH lists around the current node. */
            private SqlNode scoped(SqlNode query, SqlNodeList before) {
                SqlParserPos pos = query.getParserPosition();
                SqlNode scoped = before.isEmpty() ? query : new SqlWith(pos, before, query);
                for (int index = withLists.size() - 1; index >= 0; index--) {
                    scoped = new SqlWith(pos, withLists.get(index), scoped);
                }
                return scoped;
            }
        });
    }

    private static SqlNode castTo(RelDataType seedType, SqlNode step) {
        SqlParserPos pos = step.getParserPosition();
        List<RelDataTypeField> fields = seedType.getFieldList();
        SqlNodeList columns = new SqlNodeList(pos);
        SqlNodeList selectList = new SqlNodeList(pos);
        for (RelDataTypeField field : fields) {
            SqlIdentifier column = new SqlIdentifier("c" + field.getIndex(), pos);
            columns.add(column);
            SqlDataTypeSpec spec = numeric(field.getType()) ? spec(field.getType()) : null;
            SqlNode value = spec == null ? column : SqlStdOperatorTable.CAST.createCall(pos, column, spec);
            selectList.add(SqlStdOperatorTable.AS.createCall(pos, value, new SqlIdentifier(field.getName(), pos)));
        }
        List<SqlNode> aliased = new ArrayList<>();
        aliased.add(step);
        aliased.add(new SqlIdentifier(STEP, pos));
        aliased.addAll(columns.getList());
        SqlNode from = SqlStdOperatorTable.AS.createCall(pos, aliased);
        return new SqlSelect(pos, null, selectList, from, null, null, null, null, null, null, null, null, null);
    }

    private static boolean numeric(RelDataType type) {
        return SqlTypeUtil.isNumeric(type) && type.getFamily() != SqlTypeFamily.NULL;
    }

    /** The type's spelling for a CAST, or null when Calcite cannot spell it. */
    private static SqlDataTypeSpec spec(RelDataType type) {
        try {
            return SqlTypeUtil.convertTypeToSpec(type);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
