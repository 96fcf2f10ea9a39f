package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.ArrayList;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlUnnestOperator;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * {@code UNNEST(list)} in FROM with DuckDB's column names: {@code SELECT * FROM unnest([1, 2])}
 * names its column {@code unnest} (Calcite: {@code EXPR$0}) and WITH ORDINALITY adds
 * {@code ordinality}. Only the names differ from Calcite's operator; a column list in the alias
 * ({@code unnest(l) AS t(x)}) still names the columns.
 */
final class DuckDbUnnest extends SqlUnnestOperator {
    private static final DuckDbUnnest PLAIN = new DuckDbUnnest(false);
    private static final DuckDbUnnest WITH_ORDINALITY = new DuckDbUnnest(true);

    private DuckDbUnnest(boolean withOrdinality) {
        super(withOrdinality);
    }

    @Override
    public RelDataType inferReturnType(SqlOperatorBinding binding) {
        for (int index = 0; index < binding.getOperandCount(); index++) {
            RelDataType operand = binding.getOperandType(index);
            if (operand.getSqlTypeName() == SqlTypeName.NULL) {
                // Calcite's operand check lets an untyped NULL through, then its typing fails on it
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        "UNNEST requires a list or array as input, not " + operand.getSqlTypeName());
            }
        }
        RelDataType calcite = super.inferReturnType(binding);
        RelDataTypeFactory.Builder names = binding.getTypeFactory().builder();
        String unnamed = SqlUtil.deriveAliasFromOrdinal(0);
        boolean oneList = binding.getOperandCount() == 1;
        for (RelDataTypeField field : calcite.getFieldList()) {
            String name = field.getName();
            if (oneList && name.equals(unnamed)) {
                name = "unnest";
            } else if (withOrdinality && field.getIndex() == calcite.getFieldCount() - 1) {
                name = "ordinality";
            }
            names.add(name, field.getType());
        }
        return names.uniquify().build();
    }

    /** Puts this operator in place of Calcite's in every FROM-clause UNNEST of {@code node}. */
    static void rename(SqlNode node) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlBasicCall basic
                        && basic.getOperator() instanceof SqlUnnestOperator unnest
                        && !(unnest instanceof DuckDbUnnest)) {
                    basic.setOperator(unnest.withOrdinality ? WITH_ORDINALITY : PLAIN);
                }
                for (SqlNode operand : new ArrayList<>(call.getOperandList())) {
                    if (operand != null) {
                        operand.accept(this);
                    }
                }
                return null;
            }
        });
    }
}
