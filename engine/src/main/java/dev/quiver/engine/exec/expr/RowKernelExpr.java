package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.DateTimes;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.Numbers;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import dev.quiver.engine.exec.vector.Interval;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A function computed one row at a time on decoded values, given as a lambda: VARCHAR operands
 * arrive as Java strings, integer operands as longs, DOUBLE operands as doubles, BYTES operands as byte[], and the lambda returns the row's String
 * (VARCHAR result), byte[] (BLOB), Boolean (BOOLEAN) or Number (an integer type or DOUBLE; a BigDecimal of the result's
 * scale for DECIMAL; microseconds since the epoch for TIMESTAMP and TIMESTAMPTZ). NULL in any operand gives NULL
 * without calling the lambda; the lambda may throw a {@link QuiverException} for bad data.
 *
 * <p># Performance: a String per text operand and row and a boxed result — right for string
 * functions whose own work dominates; numeric functions use {@link DoubleKernelExpr} or
 * {@link LongKernelExpr}, and hot string kernels work on the UTF-8 bytes themselves.
 */
public final class RowKernelExpr extends FunctionExpr {
    /** How an operand is decoded. */
    public enum Operand {
        /** VARCHAR, as a String ({@link Row#text}). */
        TEXT,
        /** any integer type, as a long ({@link Row#integer}). */
        INTEGER,
        /** DOUBLE, as a double ({@link Row#real}). */
        DOUBLE,
        /** VARCHAR or BLOB, as its bytes ({@link Row#bytes}). */
        BYTES,
        /** TIMESTAMP or TIMESTAMPTZ, as its microseconds since 1970 ({@link Row#integer}). */
        TIMESTAMP,
        /**
         * As {@link #TIMESTAMP}, but {@code infinity} and {@code -infinity} make the row NULL without
         * calling the lambda: DuckDB's parts, names and differences of an infinite value are NULL.
         */
        FINITE_TIMESTAMP,
        /** INTERVAL, as an {@link Interval} ({@link Row#interval}). */
        INTERVAL
    }

    /** The function: called once per row whose operands are all non-NULL. */
    @FunctionalInterface
    public interface RowFunction {
        /**
         * The row's result: a String, Boolean or Number as the result type says (a Number of days for
         * DATE, of microseconds for TIMESTAMP, TIMESTAMPTZ and TIME, an {@link Interval} for
         * INTERVAL); null makes the row NULL.
         */
        Object apply(Row row);
    }

    /** The operands of the row being computed; valid only during the {@link RowFunction#apply} call. */
    public static final class Row {
        private final String[][] texts;
        private final long[][] integers;
        private final double[][] reals;
        private final byte[][][] bytes;
        private final FieldVector[] vectors;
        private int row;

        private Row(String[][] texts, long[][] integers, double[][] reals, byte[][][] bytes, FieldVector[] vectors) {
            this.texts = texts;
            this.integers = integers;
            this.reals = reals;
            this.bytes = bytes;
            this.vectors = vectors;
        }

        /** Operand {@code index}, an {@link Operand#INTERVAL}. */
        public Interval interval(int index) {
            return Interval.read(vectors[index].getDataBuffer(), row);
        }

        /** Operand {@code index}, a {@link Operand#BYTES}. */
        public byte[] bytes(int index) {
            return bytes[index][row];
        }

        /** Operand {@code index}, a {@link Operand#TEXT}. */
        public String text(int index) {
            return texts[index][row];
        }

        /** Operand {@code index}, an {@link Operand#INTEGER}. */
        public long integer(int index) {
            return integers[index][row];
        }

        /** Operand {@code index}, a {@link Operand#DOUBLE}. */
        public double real(int index) {
            return reals[index][row];
        }

        /** How many operands the call has (optional trailing operands may be absent). */
        public int operandCount() {
            return texts.length;
        }
    }

    private final List<Operand> kinds;
    private final RowFunction function;
    private final ValueKind resultKind;

    /**
     * @param kinds    how each operand is decoded, one per operand
     * @param mayFail  whether {@code function} can throw a data error
     */
    public RowKernelExpr(
            String name, List<Operand> kinds, RowFunction function, boolean mayFail, List<Expr> operands, Field field) {
        super(name, checked(name, kinds, operands), field, mayFail);
        this.kinds = List.copyOf(kinds);
        this.function = function;
        this.resultKind = ValueKind.of(field.getType());
        if (resultKind != ValueKind.VARCHAR
                && resultKind != ValueKind.BOOLEAN
                && resultKind != ValueKind.DOUBLE
                && resultKind != ValueKind.DECIMAL
                && resultKind != ValueKind.VARBINARY
                && !resultKind.isInteger()
                && !isTemporal(resultKind)
                && resultKind != ValueKind.INTERVAL) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, name + " cannot return " + KernelVectors.sqlName(field));
        }
    }

    private static boolean isTemporal(ValueKind kind) {
        return kind == ValueKind.DATE
                || kind == ValueKind.TIMESTAMP
                || kind == ValueKind.TIMESTAMP_TZ
                || kind == ValueKind.TIME;
    }

    private static List<Expr> checked(String name, List<Operand> kinds, List<Expr> operands) {
        if (kinds.size() != operands.size()) {
            throw QuiverException.internal(name + " was given " + operands.size() + " operands for " + kinds, null);
        }
        Expr[] checked = new Expr[operands.size()];
        for (int index = 0; index < checked.length; index++) {
            checked[index] = switch (kinds.get(index)) {
                case TEXT -> StringOperands.requireString(name, operands.get(index));
                case INTEGER -> StringOperands.requireInteger(name, operands.get(index));
                case DOUBLE -> requireDouble(name, operands.get(index));
                case BYTES -> requireBytes(name, operands.get(index));
                case TIMESTAMP, FINITE_TIMESTAMP -> requireTimestamp(name, operands.get(index));
                case INTERVAL -> requireInterval(name, operands.get(index));
            };
        }
        return List.of(checked);
    }

    private static Expr requireBytes(String name, Expr operand) {
        ValueKind kind = ValueKind.of(operand.field().getType());
        if (kind != ValueKind.VARCHAR && kind != ValueKind.VARBINARY && kind != ValueKind.NULL) {
            throw QuiverException.internal(name + " was given " + KernelVectors.sqlName(operand.field()), null);
        }
        return operand;
    }

    private static Expr requireTimestamp(String name, Expr operand) {
        ValueKind kind = ValueKind.of(operand.field().getType());
        if (kind != ValueKind.TIMESTAMP && kind != ValueKind.TIMESTAMP_TZ && kind != ValueKind.NULL) {
            throw QuiverException.internal(name + " was given " + KernelVectors.sqlName(operand.field()), null);
        }
        return operand;
    }

    private static Expr requireInterval(String name, Expr operand) {
        ValueKind kind = ValueKind.of(operand.field().getType());
        if (kind != ValueKind.INTERVAL && kind != ValueKind.NULL) {
            throw QuiverException.internal(name + " was given " + KernelVectors.sqlName(operand.field()), null);
        }
        return operand;
    }

    private static Expr requireDouble(String name, Expr operand) {
        ValueKind kind = ValueKind.of(operand.field().getType());
        if (kind != ValueKind.DOUBLE && kind != ValueKind.NULL) {
            throw QuiverException.internal(name + " was given " + KernelVectors.sqlName(operand.field()), null);
        }
        return operand;
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        List<Expr> operands = children();
        int count = operands.size();
        FieldVector[] vectors = new FieldVector[count];
        try {
            long[] valid = RowRouting.allRows(rowCount);
            for (int index = 0; index < count; index++) {
                FieldVector vector = operands.get(index).evaluate(input, context);
                vectors[index] = vector;
                if (ValueKind.of(vector.getField().getType()) == ValueKind.NULL) {
                    return KernelVectors.nulls(field(), rowCount, context.allocator());
                }
                Bits bits = Bits.validity(vector, rowCount);
                for (int word = 0; word < valid.length; word++) {
                    valid[word] &= bits.word(word);
                }
            }
            String[][] texts = new String[count][];
            long[][] integers = new long[count][];
            double[][] reals = new double[count][];
            byte[][][] bytes = new byte[count][][];
            for (int index = 0; index < count; index++) {
                switch (kinds.get(index)) {
                    case TEXT -> texts[index] = decode(vectors[index], valid, rowCount);
                    case INTEGER, TIMESTAMP -> integers[index] = Numbers.readLongs(vectors[index], rowCount);
                    case FINITE_TIMESTAMP -> {
                        integers[index] = Numbers.readLongs(vectors[index], rowCount);
                        for (int row = 0; row < rowCount; row++) {
                            if (!DateTimes.isFiniteTimestamp(integers[index][row])) {
                                valid[row >>> 6] &= ~(1L << (row & 63));
                            }
                        }
                    }
                    case DOUBLE -> reals[index] = Numbers.readDoubles(vectors[index], rowCount);
                    case BYTES -> bytes[index] = decodeBytes(vectors[index], valid, rowCount);
                    case INTERVAL -> {} // read in place by Row.interval
                }
            }
            return compute(new Row(texts, integers, reals, bytes, vectors), valid, rowCount, context);
        } finally {
            for (FieldVector vector : vectors) {
                KernelVectors.closeQuietly(vector);
            }
        }
    }

    private static boolean isValid(long[] valid, int row) {
        return (valid[row >>> 6] & (1L << (row & 63))) != 0;
    }

    private static String[] decode(FieldVector vector, long[] valid, int rowCount) {
        String[] values = new String[rowCount];
        for (int row = 0; row < rowCount; row++) {
            if (isValid(valid, row)) {
                values[row] = Utf8.decode(
                        vector.getDataBuffer(), StringOperands.start(vector, row), StringOperands.length(vector, row));
            }
        }
        return values;
    }

    private static byte[][] decodeBytes(FieldVector vector, long[] valid, int rowCount) {
        byte[][] values = new byte[rowCount][];
        for (int row = 0; row < rowCount; row++) {
            if (isValid(valid, row)) {
                byte[] value = new byte[StringOperands.length(vector, row)];
                vector.getDataBuffer().getBytes(StringOperands.start(vector, row), value);
                values[row] = value;
            }
        }
        return values;
    }

    /** Rows between two cancel checks of a fixed-width result, less one (a mask). */
    private static final int CANCEL_CHECK_ROWS = 1023;

    /** The function's value for the current row; a result too large for the heap is MEMORY_LIMIT, not a crash. */
    private Object apply(Row arguments) {
        try {
            return function.apply(arguments);
        } catch (OutOfMemoryError e) {
            throw new QuiverException(
                    ErrorCode.MEMORY_LIMIT, name() + ": not enough memory for a result of this size in " + describe());
        }
    }

    private FieldVector compute(Row arguments, long[] valid, int rowCount, ExecutionContext context) {
        if (resultKind == ValueKind.VARCHAR || resultKind == ValueKind.VARBINARY) {
            boolean text = resultKind == ValueKind.VARCHAR;
            try (VarWidthBuilder builder =
                    new VarWidthBuilder(field(), rowCount, 16L * rowCount, context.allocator())) {
                for (int row = 0; row < rowCount; row++) {
                    if (!isValid(valid, row)) {
                        builder.appendNull(row);
                        continue;
                    }
                    // one string row can take seconds (repeat, lpad up to 2 GB): cancel between rows
                    context.checkCancelled();
                    arguments.row = row;
                    Object value = apply(arguments);
                    if (value == null) {
                        builder.appendNull(row);
                    } else {
                        builder.append(row, text ? Utf8.encode((String) value) : (byte[]) value);
                    }
                }
                return builder.finish(rowCount);
            }
        }
        FieldVector result = resultKind == ValueKind.BOOLEAN
                ? KernelVectors.booleans(field(), rowCount, context.allocator())
                : KernelVectors.allocateFixed(field(), rowCount, context.allocator());
        try {
            for (int word = 0; word < Bits.wordCount(rowCount); word++) {
                result.getValidityBuffer().setLong((long) word << 3, valid[word]);
            }
            boolean doubles = resultKind == ValueKind.DOUBLE;
            DecimalVector decimals = result instanceof DecimalVector decimal ? decimal : null;
            boolean intervals = resultKind == ValueKind.INTERVAL;
            long[] numbers = resultKind == ValueKind.BOOLEAN || doubles || decimals != null || intervals
                    ? null
                    : new long[rowCount];
            double[] reals = doubles ? new double[rowCount] : null;
            for (int row = 0; row < rowCount; row++) {
                if (!isValid(valid, row)) {
                    continue;
                }
                if ((row & CANCEL_CHECK_ROWS) == 0) {
                    context.checkCancelled();
                }
                arguments.row = row;
                Object value = apply(arguments);
                if (value == null) {
                    Bits.clear(result.getValidityBuffer(), row);
                } else if (intervals) {
                    ((Interval) value).write(result.getDataBuffer(), row);
                } else if (decimals != null) {
                    decimals.set(row, (BigDecimal) value);
                } else if (numbers != null) {
                    numbers[row] = ((Number) value).longValue();
                } else if (reals != null) {
                    reals[row] = ((Number) value).doubleValue();
                } else if ((Boolean) value) {
                    Bits.set(result.getDataBuffer(), row);
                }
            }
            if (numbers != null) {
                Numbers.writeLongs(numbers, result, rowCount);
            } else if (reals != null) {
                Numbers.writeDoubles(reals, result, rowCount);
            }
            return KernelVectors.finish(result, rowCount);
        } catch (ArithmeticException e) {
            // a date or number past its type's range inside the function (Math.*Exact): the user's data, not a bug
            result.close();
            throw new QuiverException(
                    ErrorCode.NUMERIC_OVERFLOW, name() + ": a value is out of range in " + describe());
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
    }
}
