package dev.quiver.engine.plan;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Type limits and aggregate result types as in DuckDB: DECIMAL up to 38 digits, timestamps with
 * microseconds, SUM widened, AVG and the statistical aggregates in DOUBLE.
 */
public final class QuiverTypeSystem extends RelDataTypeSystemImpl {
    public static final QuiverTypeSystem INSTANCE = new QuiverTypeSystem();
    /** The most digits a DECIMAL held in a 64-bit value has. */
    private static final int LONG_DIGITS = 18;

    private QuiverTypeSystem() {}

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case DECIMAL -> 38;
            case TIMESTAMP, TIME, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 6;
            default -> super.getMaxPrecision(typeName);
        };
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case DECIMAL -> 18;
            case TIMESTAMP, TIME, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 6;
            default -> super.getDefaultPrecision(typeName);
        };
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true; // CASE WHEN .. THEN 'a' ELSE 'bb' is VARCHAR, not CHAR(2), as in DuckDB
    }

    /**
     * SUM as DuckDB types it, as closely as Calcite's types allow: integers sum in BIGINT (DuckDB
     * uses HUGEINT, which Calcite lacks; a BIGINT overflow is an error instead), floats in DOUBLE,
     * DECIMAL(p, s) in DECIMAL(38, s).
     */
    @Override
    public RelDataType deriveSumType(RelDataTypeFactory factory, RelDataType argumentType) {
        RelDataType sum = switch (argumentType.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
            case REAL, FLOAT, DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
            case DECIMAL ->
                factory.createSqlType(
                        SqlTypeName.DECIMAL, getMaxPrecision(SqlTypeName.DECIMAL), argumentType.getScale());
            default -> super.deriveSumType(factory, argumentType);
        };
        return factory.createTypeWithNullability(sum, argumentType.isNullable());
    }

    /**
     * {@code a % b} with a DECIMAL operand as DuckDB types it: both operands in their common DECIMAL
     * (the most integer digits and the most fraction digits of the two; an integer type counts as
     * DECIMAL(its digits, 0)), so {@code 10.0 % 2.0} is DECIMAL(3,1) and {@code HUGEINT % INTEGER}
     * stays DECIMAL(38,0). Calcite's default keeps the fewer integer digits.
     */
    @Override
    public RelDataType deriveDecimalModType(RelDataTypeFactory factory, RelDataType left, RelDataType right) {
        if (!SqlTypeUtil.isExactNumeric(left)
                || !SqlTypeUtil.isExactNumeric(right)
                || !SqlTypeUtil.isDecimal(left) && !SqlTypeUtil.isDecimal(right)) {
            return null;
        }
        int scale = Math.max(left.getScale(), right.getScale());
        int integerDigits = Math.max(left.getPrecision() - left.getScale(), right.getPrecision() - right.getScale());
        int precision = Math.min(integerDigits + scale, getMaxPrecision(SqlTypeName.DECIMAL));
        return factory.createSqlType(SqlTypeName.DECIMAL, precision, scale);
    }

    /**
     * {@code a * b} with a DECIMAL operand as DuckDB types it: the digits and the scales add up (an
     * integer type counts as DECIMAL(its digits, 0)), at most 38 digits; when both operands have at
     * most 18 digits and the scale is below 18, the product keeps at most 18 digits, so
     * {@code DECIMAL(15,2) * DECIMAL(15,2)} is DECIMAL(18,4) and stays a 64-bit value (a product
     * that does not fit is an overflow error, as in DuckDB).
     */
    @Override
    public RelDataType deriveDecimalMultiplyType(RelDataTypeFactory factory, RelDataType left, RelDataType right) {
        if (!SqlTypeUtil.isExactNumeric(left)
                || !SqlTypeUtil.isExactNumeric(right)
                || !SqlTypeUtil.isDecimal(left) && !SqlTypeUtil.isDecimal(right)) {
            return null;
        }
        // an integer type's precision is its digits and its scale 0 (Calcite's decimalOf makes
        // BIGINT a DECIMAL(38,0); DuckDB counts 19 digits)
        int scale = Math.min(left.getScale() + right.getScale(), getMaxScale(SqlTypeName.DECIMAL));
        int precision = left.getPrecision() + right.getPrecision();
        if (precision > LONG_DIGITS
                && left.getPrecision() <= LONG_DIGITS
                && right.getPrecision() <= LONG_DIGITS
                && scale < LONG_DIGITS) {
            precision = LONG_DIGITS;
        }
        return factory.createSqlType(
                SqlTypeName.DECIMAL, Math.min(precision, getMaxPrecision(SqlTypeName.DECIMAL)), scale);
    }

    /** AVG, STDDEV_*, VAR_* of any number are DOUBLE, as in DuckDB (Calcite keeps the argument's type). */
    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argumentType) {
        return toDouble(factory, argumentType);
    }

    /** COVAR_* are DOUBLE, as in DuckDB. */
    @Override
    public RelDataType deriveCovarType(RelDataTypeFactory factory, RelDataType left, RelDataType right) {
        RelDataType type = toDouble(factory, left);
        return factory.createTypeWithNullability(type, left.isNullable() || right.isNullable());
    }

    private static RelDataType toDouble(RelDataTypeFactory factory, RelDataType argumentType) {
        if (!SqlTypeUtil.isNumeric(argumentType) && argumentType.getSqlTypeName() != SqlTypeName.NULL) {
            return argumentType;
        }
        return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
    }
}
