package dev.quiver.engine.exec.key;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.vector.PrimitiveColumns;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * How one input's keys are encoded into {@link HashKeys} for a hash join or a set operation: which
 * columns, which layout, and whether NULL equals NULL — decided once per operator from the key
 * types, so encoding a batch runs one loop per key column with no per-row type dispatch.
 *
 * <p>A single integer-like key (BOOLEAN, TINYINT..BIGINT, DATE, TIMESTAMP, REAL, DOUBLE, and a
 * DECIMAL of at most {@value #MAX_LONG_DECIMAL_PRECISION} digits as its unscaled value) where NULL
 * matches nothing is PACKED into its {@link LongForm}; two to {@value #MAX_WIDE} such keys are
 * WIDE, a long form each (TPC-H's (partkey, suppkey) and (partkey, supplycost) joins: comparing
 * longs, not encoded bytes). The two inputs of a join choose together ({@link #forJoin}), since a
 * DECIMAL compares as a long only when both sides' values fit one.
 * Anything else is ENCODED as {@link RowKeyEncoder} rows with every integer-like key widened to
 * eight bytes, so that INT and BIGINT keys compare by value. The long form normalises
 * floating-point keys: -0.0 equals 0.0 and every NaN equals every other, as in DuckDB.
 */
public final class KeyLayout {
    /** How a key value is encoded; two key columns compare only when their kinds (and scales) agree. */
    enum Kind {
        INTEGER,
        FLOAT,
        DECIMAL,
        UTF8,
        BINARY,
        /** A LIST, ARRAY, STRUCT or MAP: {@link NestedKeys} bytes, whose integers are widened alike. */
        NESTED,
        /** INTERVAL: 16 bytes in DuckDB's normalised form, always through {@link RowKeyEncoder}. */
        INTERVAL,
        /** The type NULL: no bytes, every value NULL, through {@link RowKeyEncoder}. */
        NULL
    }

    private final int[] columns;
    private final boolean[] nullsEqual;
    private final Kind[] kinds;
    private final int[] scales;
    private final boolean packed;
    /** The ENCODED layout's encoder; null for PACKED and WIDE. */
    private final RowKeyEncoder encoder;
    /** Longs per row in the PACKED (1) or WIDE layout; 0 when ENCODED. */
    private final int longWidth;
    /** The most integer-like keys the WIDE layout holds. */
    static final int MAX_WIDE = 4;
    /** The most digits a DECIMAL key may have to be compared as its unscaled value in one long. */
    static final int MAX_LONG_DECIMAL_PRECISION = 18;

    /**
     * @param columns    the key columns of the input
     * @param nullsEqual per key, whether NULL equals NULL (IS NOT DISTINCT FROM, set operations)
     */
    public KeyLayout(List<Field> inputFields, int[] columns, boolean[] nullsEqual) {
        this(inputFields, columns, nullsEqual, decimalsFitLongs(inputFields, columns));
    }

    /**
     * The layouts of a join's build and probe keys, chosen together so that they compare: DECIMAL
     * keys become longs only when every DECIMAL key of both inputs fits one.
     *
     * @return the build side's layout, then the probe side's
     */
    public static List<KeyLayout> forJoin(
            List<Field> buildFields,
            int[] buildColumns,
            List<Field> probeFields,
            int[] probeColumns,
            boolean[] nullsEqual) {
        boolean decimalLongs =
                decimalsFitLongs(buildFields, buildColumns) && decimalsFitLongs(probeFields, probeColumns);
        return List.of(
                new KeyLayout(buildFields, buildColumns, nullsEqual, decimalLongs),
                new KeyLayout(probeFields, probeColumns, nullsEqual, decimalLongs));
    }

    private static boolean decimalsFitLongs(List<Field> fields, int[] columns) {
        for (int column : columns) {
            if (fields.get(column).getType() instanceof ArrowType.Decimal decimal
                    && decimal.getPrecision() > MAX_LONG_DECIMAL_PRECISION) {
                return false;
            }
        }
        return true;
    }

    private KeyLayout(List<Field> inputFields, int[] columns, boolean[] nullsEqual, boolean decimalLongs) {
        if (columns.length != nullsEqual.length) {
            throw new IllegalArgumentException(
                    columns.length + " key columns but " + nullsEqual.length + " NULL flags");
        }
        this.columns = columns.clone();
        this.nullsEqual = nullsEqual.clone();
        this.kinds = new Kind[columns.length];
        this.scales = new int[columns.length];
        for (int key = 0; key < columns.length; key++) {
            ArrowType type = inputFields.get(columns[key]).getType();
            kinds[key] = kindOf(type);
            scales[key] = type instanceof ArrowType.Decimal decimal ? decimal.getScale() : 0;
        }
        boolean allLongs = columns.length <= MAX_WIDE;
        for (int key = 0; key < columns.length; key++) {
            allLongs &= !nullsEqual[key]
                    && (kinds[key] == Kind.INTEGER
                            || kinds[key] == Kind.FLOAT
                            || (kinds[key] == Kind.DECIMAL && decimalLongs));
        }
        this.longWidth = allLongs ? columns.length : 0;
        this.packed = longWidth == 1;
        this.encoder = longWidth > 0
                ? null
                : new RowKeyEncoder(
                        columns,
                        Arrays.stream(columns)
                                .mapToObj(inputFields::get)
                                .map(Field::getType)
                                .toList(),
                        true);
    }

    /** Longs per row: 1 PACKED, 2..{@value #MAX_WIDE} WIDE, 0 ENCODED. */
    public int longWidth() {
        return longWidth;
    }

    static Kind kindOf(ArrowType type) {
        return switch (type) {
            case ArrowType.Int integer -> Kind.INTEGER;
            case ArrowType.Bool bool -> Kind.INTEGER;
            case ArrowType.Date date -> Kind.INTEGER;
            case ArrowType.Timestamp timestamp -> Kind.INTEGER;
            case ArrowType.Time time -> Kind.INTEGER;
            case ArrowType.FixedSizeBinary uuid when uuid.getByteWidth() == 16 -> Kind.DECIMAL;
            case ArrowType.Interval interval -> Kind.INTERVAL;
            case ArrowType.FloatingPoint floating -> Kind.FLOAT;
            case ArrowType.Decimal decimal -> Kind.DECIMAL;
            case ArrowType.Utf8 utf8 -> Kind.UTF8;
            case ArrowType.Binary binary -> Kind.BINARY;
            case ArrowType nested when NestedKeys.handles(nested) -> Kind.NESTED;
            case ArrowType.Null nothing -> Kind.NULL;
            default -> throw new IllegalArgumentException("cannot hash values of type " + type);
        };
    }

    boolean isPacked() {
        return packed;
    }

    int keyCount() {
        return columns.length;
    }

    /** Whether keys encoded by this layout and by {@code other} are equal exactly when the values are. */
    public boolean compatibleWith(KeyLayout other) {
        if (other.columns.length != columns.length || other.longWidth != longWidth) {
            return false;
        }
        for (int key = 0; key < columns.length; key++) {
            if (kinds[key] != other.kinds[key]
                    || scales[key] != other.scales[key]
                    || nullsEqual[key] != other.nullsEqual[key]) {
                return false;
            }
        }
        return true;
    }

    /** The keys of every row of {@code batch}. */
    public HashKeys encode(Batch batch) {
        int rows = batch.rowCount();
        if (packed) {
            FieldVector vector = batch.column(columns[0]);
            long[] longs = new long[rows];
            readLongs(vector, rows, longs);
            boolean[] excluded = vector.getNullCount() > 0 ? excludeNulls(vector, rows, null) : null;
            return HashKeys.packed(longs, rows, excluded);
        }
        if (longWidth > 1) {
            return encodeWide(batch, rows);
        }
        boolean[] excluded = null;
        for (int key = 0; key < columns.length; key++) {
            FieldVector vector = batch.column(columns[key]);
            if (!nullsEqual[key] && vector.getNullCount() > 0) {
                excluded = excludeNulls(vector, rows, excluded);
            }
        }
        RowKeyEncoder.Rows encoded = new RowKeyEncoder.Rows(null); // sized exactly: the keys are kept
        encoder.encode(batch, encoded);
        return HashKeys.encoded(encoded.bytes(), encoded.starts(), rows, excluded);
    }

    /** The column of {@code batch} that holds key {@code key}. */
    FieldVector keyColumn(Batch batch, int key) {
        return batch.column(columns[key]);
    }

    /** The long forms of key {@code key} of every row (PACKED or WIDE layouts only); NULL reads as 0. */
    void readKey(Batch batch, int key, long[] out) {
        readLongs(batch.column(columns[key]), batch.rowCount(), out);
    }

    /**
     * The keys of rows {@code rows[0, count)} of {@code batch}, in that order, as if those rows
     * were a batch of their own (PACKED or WIDE layouts only: the keys are read as longs, then
     * only the chosen rows are kept and hashed).
     */
    public HashKeys encode(Batch batch, int[] rows, int count) {
        if (longWidth == 0) {
            throw new IllegalStateException("ENCODED keys are encoded whole batches at a time (a bug)");
        }
        int width = longWidth;
        int batchRows = batch.rowCount();
        long[] longs = new long[Math.multiplyExact(count, width)];
        long[] column = null;
        boolean[] excluded = null;
        for (int key = 0; key < width; key++) {
            FieldVector vector = batch.column(columns[key]);
            ArrowBuf data = vector.getDataBuffer();
            switch (directStride(vector)) { // read only the chosen rows, where the buffer holds long forms
                case 4 -> {
                    for (int index = 0; index < count; index++) {
                        longs[index * width + key] = data.getInt((long) rows[index] << 2);
                    }
                }
                case 8 -> {
                    for (int index = 0; index < count; index++) {
                        longs[index * width + key] = data.getLong((long) rows[index] << 3);
                    }
                }
                case 16 -> {
                    for (int index = 0; index < count; index++) {
                        longs[index * width + key] = data.getLong((long) rows[index] << 4);
                    }
                }
                default -> {
                    column = column == null ? new long[batchRows] : column;
                    readLongs(vector, batchRows, column);
                    for (int index = 0; index < count; index++) {
                        longs[index * width + key] = column[rows[index]];
                    }
                }
            }
            if (vector.getNullCount() > 0) {
                ArrowBuf validity = vector.getValidityBuffer();
                excluded = excluded == null ? new boolean[count] : excluded;
                for (int index = 0; index < count; index++) {
                    excluded[index] |= BitVectorHelper.get(validity, rows[index]) == 0;
                }
            }
        }
        return width == 1 ? HashKeys.packed(longs, count, excluded) : HashKeys.wide(longs, width, count, excluded);
    }

    /**
     * The bytes between one row's long form and the next in {@code column}'s data buffer, where
     * the buffer holds it as is: 4 or 8 for integers, DATE and TIMESTAMP; 16 for a DECIMAL, whose
     * low word is the value when it fits a long. 0 where it must be computed ({@link LongForm#read}:
     * narrow integers, BOOLEAN, REAL, DOUBLE). A NULL row's stored value is not its long form (0).
     */
    static int directStride(FieldVector column) {
        return switch (column) {
            case DecimalVector decimal -> DecimalVector.TYPE_WIDTH;
            case FloatingPointVector floating -> 0; // -0.0 and NaN need their long forms
            case BaseFixedWidthVector fixed
            when fixed.getTypeWidth() == 4 || fixed.getTypeWidth() == 8 -> fixed.getTypeWidth();
            default -> 0;
        };
    }

    /** The long forms of a key column; a DECIMAL (that fits a long) as its unscaled value. */
    private static void readLongs(FieldVector vector, int rows, long[] out) {
        if (vector instanceof DecimalVector decimal) {
            PrimitiveColumns.readDecimals(decimal, rows, out, new long[rows]);
        } else {
            LongForm.read(vector, rows, out);
        }
    }

    /** {@code excluded} (new if null) with the NULL rows of {@code vector} set. */
    private static boolean[] excludeNulls(FieldVector vector, int rows, boolean[] excluded) {
        boolean[] result = excluded == null ? new boolean[rows] : excluded;
        ArrowBuf validity = vector.getValidityBuffer();
        for (int row = 0; row < rows; row++) {
            result[row] |= BitVectorHelper.get(validity, row) == 0;
        }
        return result;
    }

    /** WIDE keys: each key column read as longs, then interleaved, {@link #longWidth} per row. */
    private HashKeys encodeWide(Batch batch, int rows) {
        int width = longWidth;
        long[] longs = new long[Math.multiplyExact(rows, width)];
        long[] column = new long[rows];
        boolean[] excluded = null;
        for (int key = 0; key < width; key++) {
            FieldVector vector = batch.column(columns[key]);
            readLongs(vector, rows, column);
            for (int row = 0; row < rows; row++) {
                longs[row * width + key] = column[row];
            }
            if (vector.getNullCount() > 0) {
                excluded = excludeNulls(vector, rows, excluded);
            }
        }
        return HashKeys.wide(longs, width, rows, excluded);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int key = 0; key < columns.length; key++) {
            text.append(key == 0 ? "" : ", ")
                    .append('$')
                    .append(columns[key])
                    .append(nullsEqual[key] ? " (NULL = NULL)" : "");
        }
        return text.toString();
    }
}
