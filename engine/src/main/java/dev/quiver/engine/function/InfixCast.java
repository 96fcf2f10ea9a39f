package dev.quiver.engine.function;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * DuckDB's postfix cast {@code expr::type}: the parser builds it as a binary operator (the right
 * operand is the type) and the validator rewrites each call into a standard {@code CAST(expr AS
 * type)} before anything else sees it, so it types, folds and runs exactly like CAST ({@link NestedCast},
 * which also casts nested values to and from VARCHAR).
 *
 * <p>Precedence 94 (tighter than every arithmetic operator, as in PostgreSQL and DuckDB):
 * {@code 1 + 2::VARCHAR} casts only the 2, and {@code -1::BIGINT} is {@code -(1::BIGINT)}.
 */
public final class InfixCast extends SqlBinaryOperator {
    public static final InfixCast INSTANCE = new InfixCast();

    private InfixCast() {
        super("::", SqlKind.OTHER, 94, true, ReturnTypes.ARG1, InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY);
    }

    @Override
    public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
        return NestedCast.INSTANCE.createCall(call.getParserPosition(), call.operand(0), call.operand(1));
    }
}
