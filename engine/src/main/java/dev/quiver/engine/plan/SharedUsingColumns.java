package dev.quiver.engine.plan;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;

/**
 * The value a column name has over the rows of a FROM item that may itself be a join, as DuckDB
 * binds it in a later {@code JOIN … USING}: after {@code l JOIN r USING (k)} (or LEFT, or NATURAL)
 * {@code k} is {@code l}'s, after a RIGHT join {@code r}'s, after a FULL join {@code COALESCE(l.k,
 * r.k)}; otherwise the first column of that name, left to right. Calcite always compares the first
 * column of that name, which after a FULL or RIGHT join is a NULL where DuckDB compares the value.
 */
final class SharedUsingColumns {
    private final SqlValidatorImpl validator;
    private final RexBuilder rexBuilder;

    SharedUsingColumns(SqlValidatorImpl validator, RexBuilder rexBuilder) {
        this.validator = validator;
        this.rexBuilder = rexBuilder;
    }

    /**
     * The value of column {@code name} over the rows of {@code from} (whose first column is input
     * field {@code offset}), or null when {@code from} has no such column or a FROM item whose columns
     * this cannot see.
     */
    RexNode value(SqlNode from, String name, int offset) {
        if (!(from instanceof SqlJoin join)) {
            RelDataType rowType = rowType(from);
            if (rowType == null) {
                return null;
            }
            List<RelDataTypeField> fields = rowType.getFieldList();
            for (int index = 0; index < fields.size(); index++) {
                if (fields.get(index).getName().equalsIgnoreCase(name)) {
                    return rexBuilder.makeInputRef(fields.get(index).getType(), offset + index);
                }
            }
            return null;
        }
        Integer leftWidth = width(join.getLeft());
        if (leftWidth == null) {
            return null;
        }
        RexNode left = value(join.getLeft(), name, offset);
        RexNode right = value(join.getRight(), name, offset + leftWidth);
        List<String> shared = validator.usingNames(join);
        boolean merged = shared != null && shared.stream().anyMatch(name::equalsIgnoreCase);
        if (!merged || left == null || right == null) {
            return left != null ? left : right;
        }
        return switch (join.getJoinType()) {
            case RIGHT -> right;
            case FULL -> rexBuilder.makeCall(SqlStdOperatorTable.COALESCE, left, right);
            default -> left;
        };
    }

    /** The number of columns of {@code from}, or null when its namespace is unknown. */
    Integer width(SqlNode from) {
        if (from instanceof SqlJoin join) {
            Integer left = width(join.getLeft());
            Integer right = width(join.getRight());
            return left == null || right == null ? null : left + right;
        }
        RelDataType rowType = rowType(from);
        return rowType == null ? null : rowType.getFieldCount();
    }

    private RelDataType rowType(SqlNode from) {
        SqlValidatorNamespace namespace = validator.getNamespace(from);
        return namespace == null ? null : namespace.getRowType();
    }
}
