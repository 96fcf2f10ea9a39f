package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code to_base64(blob)} (the bytes as standard, padded base64 text; a VARCHAR operand is read as
 * its UTF-8 bytes) and {@code from_base64(text)} (the BLOB it encodes; text that is not base64 is
 * an error naming it). NULL gives NULL.
 */
public final class Base64Expr extends FunctionExpr {
    private final boolean encode;

    /** @param encode true for to_base64, false for from_base64 */
    public Base64Expr(String name, boolean encode, Expr operand, Field field) {
        super(name, List.of(operand), field, !encode);
        this.encode = encode;
        ValueKind kind = ValueKind.of(operand.field().getType());
        if (kind != ValueKind.NULL
                && !(operand.field().getType() instanceof ArrowType.Binary)
                && kind != ValueKind.VARCHAR) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH,
                    name + " needs a BLOB or VARCHAR argument, got " + KernelVectors.sqlName(operand.field()));
        }
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector values = children().getFirst().evaluate(input, context)) {
            if (!(values instanceof BaseVariableWidthVector variable)) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            try (VarWidthBuilder builder = new VarWidthBuilder(
                    field(),
                    rowCount,
                    variable.getDataBuffer().writerIndex() * 4 / 3 + 4L * rowCount,
                    context.allocator())) {
                for (int row = 0; row < rowCount; row++) {
                    if (variable.isNull(row)) {
                        builder.appendNull(row);
                        continue;
                    }
                    byte[] bytes = variable.get(row);
                    builder.append(row, encode ? Base64.getEncoder().encode(bytes) : decode(bytes));
                }
                return builder.finish(rowCount);
            }
        }
    }

    private static byte[] decode(byte[] text) {
        if (text.length % 4 != 0) {
            throw notBase64(text, "length must be a multiple of 4");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw notBase64(text, e.getMessage());
        }
    }

    private static QuiverException notBase64(byte[] text, String reason) {
        return new QuiverException(
                ErrorCode.INVALID_ARGUMENT,
                "Could not decode string \"" + new String(text, StandardCharsets.UTF_8) + "\" as base64: " + reason);
    }
}
