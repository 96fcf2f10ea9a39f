package dev.quiver.engine.plan;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/** Type limits as in DuckDB: DECIMAL up to 38 digits, timestamps with microseconds. */
public final class QuiverTypeSystem extends RelDataTypeSystemImpl {
    public static final QuiverTypeSystem INSTANCE = new QuiverTypeSystem();

    private QuiverTypeSystem() {
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case DECIMAL -> 38;
            case TIMESTAMP, TIME -> 6;
            default -> super.getMaxPrecision(typeName);
        };
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case DECIMAL -> 18;
            case TIMESTAMP, TIME -> 6;
            default -> super.getDefaultPrecision(typeName);
        };
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true; // CASE WHEN .. THEN 'a' ELSE 'bb' is VARCHAR, not CHAR(2), as in DuckDB
    }
}
