package dev.quiver.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.QueryResult;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.TimeStampSecVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mapping from DuckDB's Arrow output to Quiver's types, on hand-made vectors. */
class DuckDbTypesTest {
    private static final DuckDbSource SOURCE = new DuckDbSource.ParquetFile("x.parquet");

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close(); // fails the test on a leak
    }

    @Test
    void stringViewsBecomeUtf8() {
        ViewVarCharVector views = new ViewVarCharVector("s", allocator);
        views.allocateNew();
        views.setSafe(0, "short".getBytes(StandardCharsets.UTF_8));
        views.setNull(1);
        views.setSafe(2, "a string longer than twelve bytes, kept out of line".getBytes(StandardCharsets.UTF_8));
        views.setValueCount(3);
        Field target = DuckDbTypes.quiverField(views.getField(), "VARCHAR", SOURCE);
        assertThat(target.getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
        try (FieldVector converted = DuckDbTypes.convert(views, target, allocator)) {
            assertThat(converted).isInstanceOf(VarCharVector.class);
            assertThat(values(converted))
                    .containsExactly("short", null, "a string longer than twelve bytes, kept out of line");
        }
    }

    @Test
    void binaryViewsBecomeBinary() {
        ViewVarBinaryVector views = new ViewVarBinaryVector("b", allocator);
        views.allocateNew();
        views.setSafe(0, new byte[] {1, 2, 3});
        views.setNull(1);
        views.setValueCount(2);
        Field target = DuckDbTypes.quiverField(views.getField(), "BLOB", SOURCE);
        try (FieldVector converted = DuckDbTypes.convert(views, target, allocator)) {
            assertThat(converted).isInstanceOf(VarBinaryVector.class);
            assertThat((byte[]) QueryResult.value(converted, 0)).containsExactly(1, 2, 3);
            assertThat(converted.isNull(1)).isTrue();
        }
    }

    @Test
    void nanosecondsAreRoundedLikeDuckDbsCast() {
        // DuckDB: SELECT epoch_us(make_timestamp_ns(n)::TIMESTAMP) gives these for these n.
        long[] nanos = {-2500, -1999, -1500, -1499, -1, 1, 1499, 1500, 1999, 2500};
        long[] expected = {-3, -2, -2, -1, 0, 0, 1, 2, 2, 3};
        TimeStampNanoVector vector = new TimeStampNanoVector("t", allocator);
        vector.allocateNew(nanos.length);
        for (int row = 0; row < nanos.length; row++) {
            vector.set(row, nanos[row]);
        }
        vector.setValueCount(nanos.length);
        Field target = DuckDbTypes.quiverField(vector.getField(), "TIMESTAMP_NS", SOURCE);
        try (FieldVector converted = DuckDbTypes.convert(vector, target, allocator)) {
            TimeStampMicroVector micros = (TimeStampMicroVector) converted;
            for (int row = 0; row < nanos.length; row++) {
                assertThat(micros.get(row)).as("%d ns", nanos[row]).isEqualTo(expected[row]);
            }
        }
    }

    @Test
    void secondsOutOfRangeFailWithoutLeaking() {
        TimeStampSecVector seconds = new TimeStampSecVector("t", allocator);
        seconds.allocateNew(1);
        seconds.set(0, Long.MAX_VALUE / 10);
        seconds.setValueCount(1);
        Field target = DuckDbTypes.quiverField(seconds.getField(), "TIMESTAMP_S", SOURCE);
        assertThat(target.getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
        assertThatThrownBy(() -> DuckDbTypes.convert(seconds, target, allocator))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW));
        assertThat(allocator.getAllocatedMemory()).isZero(); // convert took ownership of the input and closed it
    }

    @Test
    void sameTypeIsPassedThrough() {
        TimeStampMicroVector micros = new TimeStampMicroVector("t", allocator);
        micros.allocateNew(1);
        micros.set(0, 1_000_000);
        micros.setValueCount(1);
        Field target = DuckDbTypes.quiverField(micros.getField(), "TIMESTAMP", SOURCE);
        try (FieldVector converted = DuckDbTypes.convert(micros, target, allocator)) {
            assertThat(converted).isSameAs(micros);
            assertThat(QueryResult.value(converted, 0)).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0, 1));
        }
    }

    @Test
    void typesQuiverLacksAreUnsupported() {
        List<Field> unsupported = List.of(
                field(new ArrowType.Int(64, false)),
                field(new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.HALF)),
                field(new ArrowType.Decimal(76, 2, 256)),
                field(new ArrowType.Time(TimeUnit.MILLISECOND, 32)),
                field(new ArrowType.Interval(org.apache.arrow.vector.types.IntervalUnit.YEAR_MONTH)),
                field(new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.MILLISECOND)),
                field(new ArrowType.FixedSizeBinary(16)),
                new Field(
                        "x",
                        new FieldType(true, new ArrowType.Int(8, false), new DictionaryEncoding(0, false, null)),
                        null));
        for (Field field : unsupported) {
            assertThatThrownBy(() -> DuckDbTypes.quiverField(field, "SOMETYPE", SOURCE))
                    .as(field.toString())
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                    .hasMessage(
                            "column x of parquet file 'x.parquet' has type SOMETYPE which Quiver does not support yet");
        }
    }

    private static Field field(ArrowType type) {
        return new Field("x", FieldType.nullable(type), null);
    }

    private static List<Object> values(FieldVector vector) {
        List<Object> values = new ArrayList<>();
        for (int row = 0; row < vector.getValueCount(); row++) {
            values.add(QueryResult.value(vector, row));
        }
        return values;
    }
}
