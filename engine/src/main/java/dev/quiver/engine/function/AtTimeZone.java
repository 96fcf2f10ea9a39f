package dev.quiver.engine.function;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * {@code ts AT TIME ZONE zone}, as DuckDB and PostgreSQL write it: the parser builds it as a binary
 * operator and the validator rewrites each call into {@code timezone(zone, ts)} before anything else
 * sees it — a TIMESTAMPTZ gives the wall-clock TIMESTAMP it shows in the zone, a TIMESTAMP read as
 * wall-clock time in the zone gives a TIMESTAMPTZ.
 *
 * <p>Precedence 92, as PostgreSQL's AT: tighter than arithmetic ({@code ts + i AT TIME ZONE z}
 * converts only {@code i}), looser than {@code ::} (94).
 */
public final class AtTimeZone extends SqlBinaryOperator {
    public static final AtTimeZone INSTANCE = new AtTimeZone();

    private AtTimeZone() {
        super("AT TIME ZONE", SqlKind.OTHER, 92, true, ReturnTypes.ARG0, InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY);
    }

    @Override
    public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
        return timezone().createCall(call.getParserPosition(), call.operand(1), call.operand(0));
    }

    /** The operator of the built-in {@code timezone(zone, ts)}. */
    private static SqlOperator timezone() {
        return BuiltinFunctions.operator("timezone");
    }
}
