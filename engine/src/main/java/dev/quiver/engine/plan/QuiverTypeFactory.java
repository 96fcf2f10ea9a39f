package dev.quiver.engine.plan;

import dev.quiver.engine.type.FixedArraySqlType;
import dev.quiver.engine.type.UnnamedStructs;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type factory over {@link QuiverTypeSystem}, with DuckDB's defaults for DECIMAL: a bare
 * {@code DECIMAL} is DECIMAL(18, 3) ({@code '0.1'::DECIMAL} is 0.100; Calcite gives scale 0) and
 * {@code DECIMAL(p)} is DECIMAL(p, 0). {@code createArrayType(element, n)} with {@code n > 0} makes
 * DuckDB's fixed-size {@code T[n]} ({@link FixedArraySqlType}), which keeps its length when its
 * nullability changes and when it meets the same array type (UNION, CASE, COALESCE), NULLs aside.
 * An interval type asked for by name alone is an interval type with that qualifier.
 */
public final class QuiverTypeFactory extends JavaTypeFactoryImpl {
    public QuiverTypeFactory() {
        super(QuiverTypeSystem.INSTANCE);
    }

    @Override
    public RelDataType createSqlType(SqlTypeName typeName) {
        if (SqlTypeName.INTERVAL_TYPES.contains(typeName)) {
            return interval(typeName, RelDataType.PRECISION_NOT_SPECIFIED, RelDataType.PRECISION_NOT_SPECIFIED);
        }
        return typeName == SqlTypeName.DECIMAL ? super.createSqlType(typeName, 18, 3) : super.createSqlType(typeName);
    }

    @Override
    public RelDataType createSqlType(SqlTypeName typeName, int precision, int scale) {
        return SqlTypeName.INTERVAL_TYPES.contains(typeName)
                ? interval(typeName, precision, scale)
                : super.createSqlType(typeName, precision, scale);
    }

    /**
     * An interval type asked for by its name (Calcite's coercion of a NULL in VALUES into an INTERVAL
     * column does) as an IntervalSqlType: Calcite's leastRestrictive casts every interval type to one.
     */
    private RelDataType interval(SqlTypeName typeName, int precision, int fractionalPrecision) {
        return createSqlIntervalType(new SqlIntervalQualifier(
                typeName.getStartUnit(), precision, typeName.getEndUnit(), fractionalPrecision, SqlParserPos.ZERO));
    }

    @Override
    public RelDataType createSqlType(SqlTypeName typeName, int precision) {
        return typeName == SqlTypeName.DECIMAL
                ? super.createSqlType(typeName, precision, 0)
                : super.createSqlType(typeName, precision);
    }

    @Override
    public RelDataType createArrayType(RelDataType elementType, long maxCardinality) {
        if (maxCardinality > 0) {
            return canonize(new FixedArraySqlType(elementType, Math.toIntExact(maxCardinality), false));
        }
        return super.createArrayType(elementType, maxCardinality);
    }

    @Override
    public RelDataType createTypeWithNullability(RelDataType type, boolean nullable) {
        if (type instanceof FixedArraySqlType fixed) {
            if (fixed.isNullable() == nullable) {
                return type;
            }
            RelDataType element = copyType(fixed.getComponentType());
            return canonize(new FixedArraySqlType(element, fixed.size(), nullable));
        }
        return super.createTypeWithNullability(type, nullable);
    }

    /** As {@link #createTypeWithNullability}: Calcite's version rebuilds a fixed-size ARRAY as a LIST ({@code s.v}, {@code s['v']}). */
    @Override
    public RelDataType enforceTypeWithNullability(RelDataType type, boolean nullable) {
        if (type instanceof FixedArraySqlType) {
            return createTypeWithNullability(type, nullable);
        }
        return super.enforceTypeWithNullability(type, nullable);
    }

    /**
     * An unnamed struct ({@code (1, 2)}) typed together with a named one of as many members takes
     * its names, as in DuckDB ({@code [(13, 24), {'a': 42, 'b': 84}]} is a list of STRUCT(a, b)).
     */
    private RelDataType namedLike(RelDataType common, List<RelDataType> types) {
        for (RelDataType type : types) {
            if (type.isStruct() && type.getFieldCount() == common.getFieldCount() && !UnnamedStructs.isUnnamed(type)) {
                RelDataType renamed = createStructType(
                        common.getFieldList().stream()
                                .map(RelDataTypeField::getType)
                                .toList(),
                        type.getFieldNames());
                return createTypeWithNullability(renamed, common.isNullable());
            }
        }
        return common;
    }

    /** Arrays of one length stay arrays of that length (DuckDB's {@code INTEGER[3]} UNION {@code INTEGER[3]}). */
    @Override
    public RelDataType leastRestrictive(List<RelDataType> types) {
        RelDataType common = super.leastRestrictive(types);
        if (common != null
                && !common.isNullable()
                && common.getSqlTypeName() == SqlTypeName.ARRAY
                && types.stream().anyMatch(RelDataType::isNullable)) {
            // Calcite's common type of ARRAYs forgets a NULL beside them (NULL UNION ALL [] UNION ALL [1])
            common = createTypeWithNullability(common, true);
        }
        if (common != null && common.isStruct() && UnnamedStructs.isUnnamed(common)) {
            common = namedLike(common, types);
        }
        // the length of the first that is not a bare NULL ({'k': [1, 2]::INTEGER[2], 'j': NULL})
        int size = types.stream()
                .filter(type -> type.getSqlTypeName() != SqlTypeName.NULL)
                .findFirst()
                .map(FixedArraySqlType::sizeOf)
                .orElse(-1);
        if (common == null || size < 0 || common.getComponentType() == null) {
            return common;
        }
        for (RelDataType type : types) {
            if (type.getSqlTypeName() != SqlTypeName.NULL && FixedArraySqlType.sizeOf(type) != size) {
                return common;
            }
        }
        return createTypeWithNullability(createArrayType(common.getComponentType(), size), common.isNullable());
    }
}
