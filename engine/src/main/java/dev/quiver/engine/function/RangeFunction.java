package dev.quiver.engine.function;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * The table functions {@code range(stop)}, {@code range(start, stop[, step])} (stop excluded) and
 * {@code generate_series(…)} (stop included), as in DuckDB: one BIGINT column named after the
 * function; over DATEs or TIMESTAMPs with an INTERVAL step, one TIMESTAMP column.
 */
public final class RangeFunction extends SqlFunction implements SqlTableFunction {
    /** {@code range}: stop excluded. */
    public static final RangeFunction RANGE = new RangeFunction("range", false);
    /** {@code generate_series}: stop included. */
    public static final RangeFunction GENERATE_SERIES = new RangeFunction("generate_series", true);

    private final boolean inclusive;

    private RangeFunction(String name, boolean inclusive) {
        super(
                name,
                SqlKind.OTHER_FUNCTION,
                ReturnTypes.CURSOR,
                null,
                OperandTypes.or(
                        OperandTypes.INTEGER,
                        OperandTypes.family(List.of(
                                org.apache.calcite.sql.type.SqlTypeFamily.INTEGER,
                                org.apache.calcite.sql.type.SqlTypeFamily.INTEGER)),
                        OperandTypes.family(List.of(
                                org.apache.calcite.sql.type.SqlTypeFamily.INTEGER,
                                org.apache.calcite.sql.type.SqlTypeFamily.INTEGER,
                                org.apache.calcite.sql.type.SqlTypeFamily.INTEGER)),
                        OperandTypes.family(List.of(
                                org.apache.calcite.sql.type.SqlTypeFamily.DATETIME,
                                org.apache.calcite.sql.type.SqlTypeFamily.DATETIME,
                                org.apache.calcite.sql.type.SqlTypeFamily.DATETIME_INTERVAL))),
                SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
        this.inclusive = inclusive;
    }

    /** Whether {@code stop} itself is produced. */
    public boolean inclusive() {
        return inclusive;
    }

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return this::rowType;
    }

    private RelDataType rowType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        boolean timestamps = binding.getOperandCount() == 3 && SqlTypeUtil.isInterval(binding.getOperandType(2));
        return factory.builder()
                .add(getName(), factory.createSqlType(timestamps ? SqlTypeName.TIMESTAMP : SqlTypeName.BIGINT))
                .build();
    }
}
