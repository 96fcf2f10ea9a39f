package dev.quiver.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.udf.UdfType;
import io.airlift.slice.Slices;
import io.trino.spi.TrinoException;
import io.trino.spi.block.ArrayValueBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.block.RowValueBuilder;
import io.trino.spi.block.SqlRow;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.DecimalType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.RealType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimeType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeUtils;
import io.trino.spi.type.VarcharType;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Trino ⇄ Arrow value copies and the type mapping, without Trino's runner or Python. */
class ArrowValuesTest {
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close(); // fails the test if a vector leaked
    }

    /** Writes the values to rows 0.. of a fresh vector of the mapped type and reads them back. */
    private List<Object> roundTrip(Type type, Object... values) {
        try (FieldVector vector = TrinoTypes.toUdfType(type).toField("v").createVector(allocator)) {
            vector.allocateNew();
            for (int row = 0; row < values.length; row++) {
                ArrowValues.write(type, values[row], vector, row);
            }
            vector.setValueCount(values.length);
            Object[] read = new Object[values.length];
            for (int row = 0; row < values.length; row++) {
                read[row] = ArrowValues.read(type, vector, row);
            }
            return java.util.Arrays.asList(read);
        }
    }

    @Test
    void scalarsAndNullsRoundTrip() {
        assertThat(roundTrip(BigintType.BIGINT, 5L, null, Long.MIN_VALUE)).containsExactly(5L, null, Long.MIN_VALUE);
        long bits = Float.floatToIntBits(-1.25f);
        assertThat(roundTrip(RealType.REAL, bits, null)).containsExactly(bits, null);
        assertThat(roundTrip(VarcharType.VARCHAR, Slices.utf8Slice("ü✓"), null))
                .containsExactly(Slices.utf8Slice("ü✓"), null);
    }

    @Test
    void shortAndLongDecimalsKeepTheirUnscaledValue() {
        assertThat(roundTrip(DecimalType.createDecimalType(10, 2), 1234L, -1L)).containsExactly(1234L, -1L);
        Int128 wide = Int128.valueOf(new BigInteger("-123456789012345678901234567"));
        assertThat(roundTrip(DecimalType.createDecimalType(30, 3), wide)).containsExactly(wide);
    }

    @Test
    void timestampsAreRoundedToTheirPrecision() {
        // 1.2345675 s in microseconds, read back as TIMESTAMP(3): rounded half up to milliseconds
        assertThat(roundTrip(TimestampType.TIMESTAMP_MILLIS, 1_234_567L, -1_500L))
                .containsExactly(1_235_000L, -1_000L);
        assertThat(roundTrip(TimestampType.TIMESTAMP_MICROS, 1_234_567L)).containsExactly(1_234_567L);
    }

    @Test
    void nestedValuesRoundTrip() {
        ArrayType arrayType = new ArrayType(BigintType.BIGINT);
        Block array = ArrayValueBuilder.buildArrayValue(arrayType, 3, builder -> {
            BigintType.BIGINT.writeLong(builder, 1);
            builder.appendNull();
            BigintType.BIGINT.writeLong(builder, 3);
        });
        Object read = roundTrip(arrayType, array, null).getFirst();
        Block elements = (Block) read;
        assertThat(elements.getPositionCount()).isEqualTo(3);
        assertThat(TypeUtils.readNativeValue(BigintType.BIGINT, elements, 0)).isEqualTo(1L);
        assertThat(elements.isNull(1)).isTrue();
        assertThat(TypeUtils.readNativeValue(BigintType.BIGINT, elements, 2)).isEqualTo(3L);

        RowType rowType =
                RowType.rowType(RowType.field("a", BigintType.BIGINT), RowType.field("b", VarcharType.VARCHAR));
        SqlRow row = RowValueBuilder.buildRowValue(rowType, fields -> {
            BigintType.BIGINT.writeLong(fields.get(0), 7);
            VarcharType.VARCHAR.writeSlice(fields.get(1), Slices.utf8Slice("x"));
        });
        SqlRow readRow = (SqlRow) roundTrip(rowType, row).getFirst();
        assertThat(TypeUtils.readNativeValue(BigintType.BIGINT, readRow.getRawFieldBlock(0), readRow.getRawIndex()))
                .isEqualTo(7L);
    }

    @Test
    void boundedVarcharRefusesALongerResult() {
        assertThatThrownBy(() -> roundTrip(VarcharType.createVarcharType(2), Slices.utf8Slice("abc")))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("3 characters")
                .hasMessageContaining("varchar(2)");
    }

    @Test
    void typeMappingNamesWhatIsUnsupported() {
        assertThat(TrinoTypes.toUdfType(new ArrayType(RowType.anonymous(List.of(BigintType.BIGINT)))))
                .isEqualTo(UdfType.list(UdfType.struct(UdfType.field("field0", UdfType.BIGINT))));
        assertThatThrownBy(() -> TrinoTypes.toUdfType(TimeType.TIME_MILLIS))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("time(3) is not supported");
        assertThatThrownBy(() -> TrinoTypes.toUdfType(TimestampType.TIMESTAMP_NANOS))
                .hasMessageContaining("timestamp(9)");
        RowType twice = RowType.rowType(RowType.field("a", BigintType.BIGINT), RowType.field("a", BigintType.BIGINT));
        assertThatThrownBy(() -> TrinoTypes.toUdfType(twice))
                .isInstanceOf(TrinoException.class)
                .hasMessageContaining("appears twice");
    }
}
