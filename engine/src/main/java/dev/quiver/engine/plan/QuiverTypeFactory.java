package dev.quiver.engine.plan;

import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type factory over {@link QuiverTypeSystem}, with DuckDB's defaults for DECIMAL: a bare
 * {@code DECIMAL} is DECIMAL(18, 3) ({@code '0.1'::DECIMAL} is 0.100; Calcite gives scale 0) and
 * {@code DECIMAL(p)} is DECIMAL(p, 0).
 */
public final class QuiverTypeFactory extends JavaTypeFactoryImpl {
    public QuiverTypeFactory() {
        super(QuiverTypeSystem.INSTANCE);
    }

    @Override
    public RelDataType createSqlType(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? super.createSqlType(typeName, 18, 3) : super.createSqlType(typeName);
    }

    @Override
    public RelDataType createSqlType(SqlTypeName typeName, int precision) {
        return typeName == SqlTypeName.DECIMAL
                ? super.createSqlType(typeName, precision, 0)
                : super.createSqlType(typeName, precision);
    }
}
