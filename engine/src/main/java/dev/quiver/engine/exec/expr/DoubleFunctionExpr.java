package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The DOUBLE functions of DuckDB's math library — sqrt, cbrt, exp, ln, log10, log2, power and
 * log(base, x) — over DOUBLE operands (the planner casts other numbers). IEEE results, never an
 * error, as DuckDB 2.0 computes them: {@code sqrt(-1)} is NaN, {@code ln(0)} is -Infinity,
 * {@code power(10, 400)} is Infinity.
 * # Performance: one loop per function over 1024-row primitive chunks.
 */
public final class DoubleFunctionExpr implements KernelExpr {
    /** The functions, with their arity. */
    public enum Function {
        SQRT(1), CBRT(1), EXP(1), LN(1), LOG10(1), LOG2(1), POWER(2), LOG(2);

        final int arity;

        Function(int arity) {
            this.arity = arity;
        }
    }

    private static final double LN_2 = Math.log(2);

    private final Function function;
    private final List<Expr> operands;
    private final Field field;

    public DoubleFunctionExpr(Function function, List<Expr> operands, Field field) {
        if (operands.size() != function.arity) {
            throw QuiverException.internal(function + " takes " + function.arity + " operands", null);
        }
        for (Expr operand : operands) {
            ValueKind kind = ValueKind.of(operand.field().getType());
            if (kind != ValueKind.DOUBLE && kind != ValueKind.NULL) {
                throw new QuiverException(ErrorCode.TYPE_MISMATCH, function + " needs DOUBLE operands, got "
                        + Vectors.sqlName(operand.field()));
            }
        }
        if (ValueKind.of(field.getType()) != ValueKind.DOUBLE) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, function + " returns DOUBLE, not "
                    + Vectors.sqlName(field));
        }
        this.function = function;
        this.operands = List.copyOf(operands);
        this.field = field;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return operands;
    }

    @Override
    public boolean mayFail() {
        return false;
    }

    @Override
    public String describe() {
        return function.name().toLowerCase(java.util.Locale.ROOT) + "(" + Exprs.describeAll(operands) + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (NumericOperand first = NumericOperand.of(operands.get(0), input, context);
                NumericOperand second = function.arity > 1 ? NumericOperand.of(operands.get(1), input, context)
                        : null) {
            FieldVector result = Vectors.allocateFixed(field, rowCount, context.allocator());
            try {
                if (second == null) {
                    Vectors.setValidity(result, first.validity(rowCount), rowCount);
                } else {
                    Vectors.setValidity(result, first.validity(rowCount), second.validity(rowCount), rowCount);
                }
                double[] a = new double[Numbers.CHUNK];
                double[] b = new double[Numbers.CHUNK];
                double[] values = new double[Numbers.CHUNK];
                for (int from = 0; from < rowCount; from += Numbers.CHUNK) {
                    int count = Math.min(Numbers.CHUNK, rowCount - from);
                    first.readDoubles(from, count, a);
                    if (second != null) {
                        second.readDoubles(from, count, b);
                    }
                    compute(a, b, values, count);
                    Numbers.writeDoubles(values, result, from, count);
                }
                return Vectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
    }

    private void compute(double[] a, double[] b, double[] values, int count) {
        switch (function) {
            case SQRT -> {
                for (int row = 0; row < count; row++) {
                    values[row] = Math.sqrt(a[row]);
                }
            }
            case CBRT -> {
                for (int row = 0; row < count; row++) {
                    values[row] = Math.cbrt(a[row]);
                }
            }
            case EXP -> {
                for (int row = 0; row < count; row++) {
                    values[row] = Math.exp(a[row]);
                }
            }
            case LN -> {
                for (int row = 0; row < count; row++) {
                    values[row] = Math.log(a[row]);
                }
            }
            case LOG10 -> {
                for (int row = 0; row < count; row++) {
                    values[row] = Math.log10(a[row]);
                }
            }
            case LOG2 -> {
                for (int row = 0; row < count; row++) {
                    values[row] = log2(a[row]);
                }
            }
            case POWER -> {
                for (int row = 0; row < count; row++) {
                    values[row] = Math.pow(a[row], b[row]);
                }
            }
            case LOG -> {
                // log(base, x)
                for (int row = 0; row < count; row++) {
                    values[row] = Math.log(b[row]) / Math.log(a[row]);
                }
            }
        }
    }

    /** Exact for powers of two ({@code log2(8) = 3}), which the quotient of logarithms is not always. */
    private static double log2(double value) {
        int exponent = Math.getExponent(value);
        if (value > 0 && exponent >= Double.MIN_EXPONENT && value == Math.scalb(1.0, exponent)) {
            return exponent;
        }
        return Math.log(value) / LN_2;
    }
}
