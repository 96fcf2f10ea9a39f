package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.DateTimes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the kernel tests: every test owns a {@link RootAllocator} that is closed after it, so a
 * vector a kernel forgot to free fails the test. Builds Arrow vectors by hand and reads results back
 * as plain Java values (DATE and TIMESTAMP as DuckDB's text, DECIMAL as its plain string).
 */
abstract class ExprTestSupport {
    static final Field BOOLEAN = field(ArrowType.Bool.INSTANCE);
    static final Field TINYINT = field(new ArrowType.Int(8, true));
    static final Field SMALLINT = field(new ArrowType.Int(16, true));
    static final Field INTEGER = field(new ArrowType.Int(32, true));
    static final Field BIGINT = field(new ArrowType.Int(64, true));
    static final Field REAL = field(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    static final Field DOUBLE = field(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    static final Field VARCHAR = field(ArrowType.Utf8.INSTANCE);
    static final Field DATE = field(new ArrowType.Date(DateUnit.DAY));
    static final Field TIMESTAMP = field(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
    static final Field NULL = field(ArrowType.Null.INSTANCE);

    BufferAllocator allocator;
    ExecutionContext context;
    private final List<AutoCloseable> owned = new ArrayList<>();

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator();
        context = new ExecutionContext(allocator, 1, 1024);
    }

    @AfterEach
    void closeAllocator() throws Exception {
        for (AutoCloseable resource : owned.reversed()) {
            resource.close();
        }
        owned.clear();
        allocator.close();
    }

    static Field field(ArrowType type) {
        return new Field("x", FieldType.nullable(type), null);
    }

    static Field decimal(int precision, int scale) {
        return field(new ArrowType.Decimal(precision, scale, 128));
    }

    /** A batch of the given columns, closed after the test. */
    Batch batch(FieldVector... columns) {
        int rows = columns.length == 0 ? 1 : columns[0].getValueCount();
        Batch batch = new Batch(Arrays.asList(columns), rows);
        owned.add(batch);
        return batch;
    }

    /** A batch of {@code rows} rows and no columns, for expressions over literals only. */
    Batch rows(int rows) {
        return new Batch(List.of(), rows);
    }

    /** Evaluates {@code expr} over {@code input} and returns the values; frees the result. */
    List<Object> eval(Expr expr, Batch input) {
        try (FieldVector result = expr.evaluate(input, context)) {
            return values(result);
        }
    }

    static List<Object> values(FieldVector vector) {
        List<Object> values = new ArrayList<>();
        for (int row = 0; row < vector.getValueCount(); row++) {
            if (vector.isNull(row)) {
                values.add(null);
                continue;
            }
            values.add(
                    switch (vector) {
                        case VarCharVector strings -> new String(strings.get(row), StandardCharsets.UTF_8);
                        case DecimalVector decimals -> decimals.getObject(row).toPlainString();
                        case DateDayVector dates -> DateTimes.formatDate(dates.get(row));
                        case TimeStampMicroVector timestamps -> DateTimes.formatTimestamp(timestamps.get(row));
                        default -> vector.getObject(row);
                    });
        }
        return values;
    }

    static ColumnExpr column(int index, Field field) {
        return new ColumnExpr(index, field);
    }

    static LiteralExpr literal(Field field, Object value) {
        return new LiteralExpr(field, value);
    }

    BitVector booleans(Boolean... values) {
        BitVector vector = new BitVector("b", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, values[row] ? 1 : 0);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    TinyIntVector tinyints(Integer... values) {
        TinyIntVector vector = new TinyIntVector("t", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, values[row]);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    SmallIntVector smallints(Integer... values) {
        SmallIntVector vector = new SmallIntVector("s", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, values[row]);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    IntVector ints(Integer... values) {
        IntVector vector = new IntVector("i", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, values[row]);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    BigIntVector bigints(Long... values) {
        BigIntVector vector = new BigIntVector("l", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, values[row]);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    Float4Vector reals(Float... values) {
        Float4Vector vector = new Float4Vector("f", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, values[row]);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    Float8Vector doubles(Double... values) {
        Float8Vector vector = new Float8Vector("d", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, values[row]);
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    DecimalVector decimals(int precision, int scale, String... values) {
        DecimalVector vector = new DecimalVector("m", allocator, precision, scale);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, new BigDecimal(values[row]).setScale(scale));
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    VarCharVector strings(String... values) {
        VarCharVector vector = new VarCharVector("v", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.setSafe(row, values[row].getBytes(StandardCharsets.UTF_8));
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    DateDayVector dates(String... values) {
        DateDayVector vector = new DateDayVector("dt", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, (int) date(values[row]));
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    TimeStampMicroVector timestamps(String... values) {
        TimeStampMicroVector vector = new TimeStampMicroVector("ts", allocator);
        vector.allocateNew(values.length);
        for (int row = 0; row < values.length; row++) {
            if (values[row] != null) {
                vector.set(row, timestamp(values[row]));
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    static long date(String text) {
        try {
            return DateTimes.parseDate(text);
        } catch (DateTimes.ParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static long timestamp(String text) {
        try {
            return DateTimes.parseTimestamp(text);
        } catch (DateTimes.ParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }
}
