package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.DecimalMath;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.vector.Interval;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * DuckDB's {@code greatest(a, b, ...)} and {@code least(...)}: the largest (smallest) non-NULL
 * argument, NULL only when every argument is NULL. The operands already have the result's type.
 * Each row's winner is found operand by operand with one typed comparison loop per operand, then
 * the result is assembled from the winning rows ({@link Choose}).
 */
public final class GreatestExpr extends FunctionExpr {
    private final boolean greatest;
    private final List<Expr> operands;
    private final ValueKind kind;

    public GreatestExpr(boolean greatest, List<Expr> operands, Field field) {
        super(greatest ? "greatest" : "least", operands, field, false);
        this.greatest = greatest;
        this.operands = children();
        this.kind = ValueKind.of(field.getType());
        for (Expr operand : operands) {
            if (!CastExpr.sameStorage(operand.field().getType(), field.getType())
                    && ValueKind.of(operand.field().getType()) != ValueKind.NULL) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        name() + " needs operands of type " + KernelVectors.sqlName(field) + ", got "
                                + KernelVectors.sqlName(operand.field()));
            }
        }
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        FieldVector[] sources = new FieldVector[operands.size()];
        try {
            int[] sourceOf = new int[rowCount];
            int[] positionOf = new int[rowCount];
            java.util.Arrays.fill(sourceOf, -1);
            for (int row = 0; row < rowCount; row++) {
                positionOf[row] = row;
            }
            long[] bestLongs = new long[rowCount];
            double[] bestDoubles = new double[rowCount];
            for (int index = 0; index < sources.length; index++) {
                FieldVector vector = operands.get(index).evaluate(input, context);
                sources[index] = vector;
                if (ValueKind.of(vector.getField().getType()) == ValueKind.NULL) {
                    continue;
                }
                Bits valid = Bits.validity(vector, rowCount);
                switch (kind) {
                    case REAL, DOUBLE -> {
                        double[] values = Numbers.readDoubles(vector, rowCount);
                        for (int row = 0; row < rowCount; row++) {
                            if (valid.get(row)
                                    && (sourceOf[row] < 0 || better(Double.compare(values[row], bestDoubles[row])))) {
                                sourceOf[row] = index;
                                bestDoubles[row] = values[row];
                            }
                        }
                    }
                    case VARCHAR, VARBINARY -> {
                        for (int row = 0; row < rowCount; row++) {
                            if (valid.get(row)
                                    && (sourceOf[row] < 0
                                            || better(compareText(sources[sourceOf[row]], vector, row)))) {
                                sourceOf[row] = index;
                            }
                        }
                    }
                    case DECIMAL -> {
                        for (int row = 0; row < rowCount; row++) {
                            if (valid.get(row)
                                    && (sourceOf[row] < 0
                                            || better(DecimalMath.unscaledAt(vector, row)
                                                    .compareTo(DecimalMath.unscaledAt(sources[sourceOf[row]], row))))) {
                                sourceOf[row] = index;
                            }
                        }
                    }
                    case INTERVAL -> {
                        // normalised, as < and max() compare them (DuckDB's greatest compares the raw
                        // parts: greatest(INTERVAL 25 HOUR, INTERVAL 1 DAY) is 1 day there)
                        for (int row = 0; row < rowCount; row++) {
                            if (valid.get(row)
                                    && (sourceOf[row] < 0
                                            || better(Interval.read(vector.getDataBuffer(), row)
                                                    .compareTo(Interval.read(
                                                            sources[sourceOf[row]].getDataBuffer(), row))))) {
                                sourceOf[row] = index;
                            }
                        }
                    }
                    default -> {
                        long[] values = Numbers.readLongs(vector, rowCount);
                        for (int row = 0; row < rowCount; row++) {
                            if (valid.get(row)
                                    && (sourceOf[row] < 0 || better(Long.compare(values[row], bestLongs[row])))) {
                                sourceOf[row] = index;
                                bestLongs[row] = values[row];
                            }
                        }
                    }
                }
            }
            return Choose.assemble(field(), sources, sourceOf, positionOf, rowCount, context.allocator());
        } finally {
            for (FieldVector source : sources) {
                KernelVectors.closeQuietly(source);
            }
        }
    }

    /** Whether a candidate that compares {@code comparison} to the best so far replaces it. */
    private boolean better(int comparison) {
        return greatest ? comparison > 0 : comparison < 0;
    }

    private static int compareText(FieldVector best, FieldVector candidate, int row) {
        return -Utf8.compare(
                best.getDataBuffer(),
                StringOperands.start(best, row),
                StringOperands.length(best, row),
                candidate.getDataBuffer(),
                StringOperands.start(candidate, row),
                StringOperands.length(candidate, row));
    }
}
