package dev.quiver.engine.catalog;

import dev.quiver.engine.sql.SqlParsing;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

/**
 * A table's column DEFAULT expressions as Calcite's INSERT conversion asks for them: the value of a
 * column an INSERT leaves out, or gives as {@code DEFAULT}. Columns without one default to NULL.
 * The expressions are kept as SQL text (see {@link TableConstraints#defaults}) and parsed, validated
 * and converted each time an INSERT is planned, so {@code now()} is evaluated per statement.
 */
final class ColumnDefaults extends NullInitializerExpressionFactory {
    private final List<Field> fields;
    private final TableConstraints constraints;

    ColumnDefaults(List<Field> fields, TableConstraints constraints) {
        this.fields = fields;
        this.constraints = constraints;
    }

    @Override
    public ColumnStrategy generationStrategy(RelOptTable table, int column) {
        if (constraints.defaultOf(fields.get(column).getName()) != null) {
            return ColumnStrategy.DEFAULT;
        }
        // The validator insists that the strategy agrees with the column's nullability.
        return fields.get(column).isNullable() ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE;
    }

    @Override
    public RexNode newColumnDefaultValue(RelOptTable table, int column, InitializerContext context) {
        RelDataType type = table.getRowType().getFieldList().get(column).getType();
        String text = constraints.defaultOf(fields.get(column).getName());
        if (text == null) {
            return context.getRexBuilder().makeNullLiteral(type);
        }
        SqlNode expression = SqlParsing.parseExpression(text);
        SqlNode validated = context.validateExpression(table.getRowType(), expression);
        RexNode value = context.convertExpression(validated);
        return context.getRexBuilder().makeCast(type, value, true, false);
    }
}
