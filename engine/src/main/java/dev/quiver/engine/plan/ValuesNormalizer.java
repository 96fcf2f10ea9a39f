package dev.quiver.engine.plan;

import com.google.common.collect.ImmutableList;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Retypes the numeric literals of VALUES rows to their column's type. SqlToRel leaves
 * {@code VALUES (2.5), (1e20)} with a DECIMAL and a DOUBLE literal in one DOUBLE column, and
 * Calcite's collation metadata then compares a BigDecimal with a Double and fails.
 */
final class ValuesNormalizer extends RelHomogeneousShuttle {
    @Override
    public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        if (!(visited instanceof LogicalValues values)) {
            return visited;
        }
        RexBuilder rexBuilder = values.getCluster().getRexBuilder();
        List<RelDataType> types = values.getRowType().getFieldList().stream()
                .map(field -> field.getType())
                .toList();
        boolean changed = false;
        ImmutableList.Builder<ImmutableList<RexLiteral>> tuples = ImmutableList.builder();
        for (List<RexLiteral> tuple : values.getTuples()) {
            ImmutableList.Builder<RexLiteral> row = ImmutableList.builder();
            for (int column = 0; column < tuple.size(); column++) {
                RexLiteral literal = tuple.get(column);
                RelDataType target = types.get(column);
                if (!literal.isNull()
                        && SqlTypeUtil.isNumeric(literal.getType())
                        && SqlTypeUtil.isNumeric(target)
                        && literal.getType().getSqlTypeName() != target.getSqlTypeName()) {
                    Object value = literal.getValue();
                    BigDecimal number =
                            value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
                    literal = (RexLiteral) rexBuilder.makeLiteral(number, target, false);
                    changed = true;
                }
                row.add(literal);
            }
            tuples.add(row.build());
        }
        return changed ? LogicalValues.create(values.getCluster(), values.getRowType(), tuples.build()) : values;
    }
}
