package dev.quiver.engine.type;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlUtil;

/**
 * DuckDB's unnamed structs (TUPLEs) as the planner types them: {@code row(1, 'a')} and {@code (1,
 * 'a')} get the member names Calcite makes up, {@code EXPR$0}, {@code EXPR$1}, … (the runtime's
 * counterpart, over Arrow fields, is {@code NestedFields.isUnnamed}).
 */
public final class UnnamedStructs {
    private UnnamedStructs() {}

    /** Whether {@code type} is a struct whose members have only made-up names. */
    public static boolean isUnnamed(RelDataType type) {
        if (!type.isStruct()) {
            return false;
        }
        List<String> names = type.getFieldNames();
        for (int member = 0; member < names.size(); member++) {
            if (!names.get(member).equals(SqlUtil.deriveAliasFromOrdinal(member))) {
                return false;
            }
        }
        return !names.isEmpty();
    }
}
