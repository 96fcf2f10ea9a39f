package dev.quiver.engine.sql;

import java.util.List;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Calls of built-in functions that rewrites put into a parse tree, resolved later by the validator. */
public final class BuiltinCalls {
    private BuiltinCalls() {}

    /** A call of built-in {@code name}, resolved by the validator as if the query had named it. */
    public static SqlNode call(String name, SqlParserPos position, List<SqlNode> operands) {
        return new SqlUnresolvedFunction(
                        new SqlIdentifier(name, position),
                        null,
                        null,
                        null,
                        null,
                        SqlFunctionCategory.USER_DEFINED_FUNCTION)
                .createCall(position, operands);
    }
}
