package dev.quiver.engine.exec.expr.lists;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * DuckDB's vector functions of two numeric lists of one length: {@code list_distance} (Euclidean),
 * {@code list_dot_product}, {@code list_cosine_similarity}, {@code list_cosine_distance} and the
 * negated dot product. A NULL list gives NULL; a NULL element or lists of different lengths are
 * INVALID_ARGUMENT, as in DuckDB. The result is REAL when the plan typed it so (both lists of REAL,
 * computed in float as DuckDB does), else DOUBLE.
 */
public final class ListDistanceExpr extends NestedKernel {
    /** Which measure of the two lists. */
    public enum Measure {
        DISTANCE,
        DOT_PRODUCT,
        NEGATIVE_DOT_PRODUCT,
        COSINE_SIMILARITY,
        COSINE_DISTANCE
    }

    private final Measure measure;

    public ListDistanceExpr(String name, Measure measure, Expr left, Expr right, Field field) {
        super(name, List.of(left, right), field, true);
        this.measure = measure;
    }

    @Override
    protected FieldVector compute(FieldVector[] operands, int rowCount, ExecutionContext context) {
        ListColumn left = ListColumn.of(name(), operands[0]);
        ListColumn right = ListColumn.of(name(), operands[1]);
        boolean real = ValueKind.of(field().getType()) == ValueKind.REAL;
        double[] results = new double[rowCount];
        FieldVector result = KernelVectors.allocateFixed(field(), rowCount, context.allocator());
        try {
            if (!left.isUntypedNull() && !right.isUntypedNull()) {
                double[] leftValues =
                        Numbers.readDoubles(left.elements(), left.elements().getValueCount());
                double[] rightValues =
                        Numbers.readDoubles(right.elements(), right.elements().getValueCount());
                Bits leftValid = Bits.validity(left.elements(), left.elements().getValueCount());
                Bits rightValid =
                        Bits.validity(right.elements(), right.elements().getValueCount());
                for (int row = 0; row < rowCount; row++) {
                    if (left.isNull(row) || right.isNull(row)) {
                        continue;
                    }
                    int length = left.length(row);
                    if (length != right.length(row)) {
                        throw new QuiverException(
                                ErrorCode.INVALID_ARGUMENT,
                                name() + ": list dimensions must be equal, got left length '" + length
                                        + "' and right length '" + right.length(row) + "'");
                    }
                    checkNoNulls(leftValid, left.start(row), length, "left");
                    checkNoNulls(rightValid, right.start(row), length, "right");
                    if (length == 0 && isCosine()) {
                        continue; // DuckDB: the cosine of empty lists is NULL
                    }
                    results[row] = real
                            ? measureFloat(leftValues, left.start(row), rightValues, right.start(row), length)
                            : measure(leftValues, left.start(row), rightValues, right.start(row), length);
                    Bits.set(result.getValidityBuffer(), row);
                }
            }
            Numbers.writeDoubles(results, result, rowCount);
            return KernelVectors.finish(result, rowCount);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }

    private boolean isCosine() {
        return measure == Measure.COSINE_SIMILARITY || measure == Measure.COSINE_DISTANCE;
    }

    private void checkNoNulls(Bits valid, int start, int length, String side) {
        for (int position = start; position < start + length; position++) {
            if (!valid.get(position)) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT, name() + ": " + side + " argument can not contain NULL values");
            }
        }
    }

    private double measure(double[] left, int leftStart, double[] right, int rightStart, int length) {
        double sum = 0;
        double leftNorm = 0;
        double rightNorm = 0;
        for (int index = 0; index < length; index++) {
            double x = left[leftStart + index];
            double y = right[rightStart + index];
            switch (measure) {
                case DISTANCE -> sum += (x - y) * (x - y);
                case DOT_PRODUCT, NEGATIVE_DOT_PRODUCT -> sum += x * y;
                case COSINE_SIMILARITY, COSINE_DISTANCE -> {
                    sum += x * y;
                    leftNorm += x * x;
                    rightNorm += y * y;
                }
            }
        }
        return switch (measure) {
            case DISTANCE -> Math.sqrt(sum);
            case DOT_PRODUCT -> sum;
            case NEGATIVE_DOT_PRODUCT -> -sum;
            case COSINE_SIMILARITY -> clampedCosine(sum / Math.sqrt(leftNorm * rightNorm));
            case COSINE_DISTANCE -> 1 - clampedCosine(sum / Math.sqrt(leftNorm * rightNorm));
        };
    }

    /** As {@link #measure} in float arithmetic, for lists of REAL. */
    private double measureFloat(double[] left, int leftStart, double[] right, int rightStart, int length) {
        float sum = 0;
        float leftNorm = 0;
        float rightNorm = 0;
        for (int index = 0; index < length; index++) {
            float x = (float) left[leftStart + index];
            float y = (float) right[rightStart + index];
            switch (measure) {
                case DISTANCE -> sum += (x - y) * (x - y);
                case DOT_PRODUCT, NEGATIVE_DOT_PRODUCT -> sum += x * y;
                case COSINE_SIMILARITY, COSINE_DISTANCE -> {
                    sum += x * y;
                    leftNorm += x * x;
                    rightNorm += y * y;
                }
            }
        }
        float norms = (float) Math.sqrt(leftNorm * rightNorm);
        return switch (measure) {
            case DISTANCE -> (float) Math.sqrt(sum);
            case DOT_PRODUCT -> sum;
            case NEGATIVE_DOT_PRODUCT -> -sum;
            case COSINE_SIMILARITY -> (float) clampedCosine(sum / norms);
            case COSINE_DISTANCE -> 1f - (float) clampedCosine(sum / norms);
        };
    }

    /** The similarity clamped to [-1, 1] (rounding can leave it just outside); NaN for zero vectors, as DuckDB. */
    private static double clampedCosine(double similarity) {
        return Double.isNaN(similarity) ? similarity : Math.max(-1, Math.min(similarity, 1));
    }
}
