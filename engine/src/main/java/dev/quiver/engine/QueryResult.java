package dev.quiver.engine;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.expr.NestedText;
import dev.quiver.engine.exec.vector.Interval;
import dev.quiver.engine.type.NestedValue;
import dev.quiver.engine.type.TypeNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The result of one statement: its columns and Arrow batches for a query, or a count of affected
 * rows for DML and DDL.
 *
 * <p>OWNERSHIP: the result owns its batches; close it. Not thread-safe.
 */
public final class QueryResult implements AutoCloseable {
    private final List<Field> fields;
    private final List<Batch> batches;
    private final long updateCount;
    private final AutoCloseable memory;

    private QueryResult(List<Field> fields, List<Batch> batches, long updateCount, AutoCloseable memory) {
        this.fields = List.copyOf(fields);
        this.batches = List.copyOf(batches);
        this.updateCount = updateCount;
        this.memory = memory;
    }

    /**
     * The rows of a query.
     *
     * @param memory closed after the batches (the query's allocator), or null
     */
    public static QueryResult ofRows(List<Field> fields, List<Batch> batches, AutoCloseable memory) {
        return new QueryResult(fields, batches, -1, memory);
    }

    /** A result of one VARCHAR column named {@code column}, one row per line (SHOW, EXPLAIN). */
    public static QueryResult ofLines(String column, List<String> lines, BufferAllocator allocator) {
        return ofText(List.of(column), lines.stream().map(List::of).toList(), allocator);
    }

    /**
     * Rows of text built in Java (SHOW, EXPLAIN, DESCRIBE; a null is NULL): one VARCHAR column per name, allocated from
     * {@code allocator}, which the result then owns (and closes, also when building fails).
     */
    public static QueryResult ofText(List<String> columnNames, List<List<String>> rows, BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>(columnNames.size());
        try {
            for (int column = 0; column < columnNames.size(); column++) {
                VarCharVector vector = new VarCharVector(columnNames.get(column), allocator);
                columns.add(vector);
                vector.allocateNew(Math.max(rows.size(), 1));
                for (int row = 0; row < rows.size(); row++) {
                    String text = rows.get(row).get(column);
                    if (text == null) {
                        vector.setNull(row);
                    } else {
                        vector.setSafe(row, text.getBytes(StandardCharsets.UTF_8));
                    }
                }
                vector.setValueCount(rows.size());
            }
            return ofRows(
                    columns.stream().map(FieldVector::getField).toList(),
                    List.of(new Batch(columns, rows.size())),
                    allocator);
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            allocator.close();
            throw e;
        }
    }

    /** The outcome of a statement that returns no rows: the rows it changed (0 for DDL). */
    public static QueryResult ofUpdateCount(long count) {
        return new QueryResult(List.of(), List.of(), count, null);
    }

    /** Whether the statement produced rows (a query) rather than an update count. */
    public boolean hasRows() {
        return updateCount < 0;
    }

    public long updateCount() {
        return updateCount;
    }

    public List<Field> fields() {
        return fields;
    }

    public List<Batch> batches() {
        return batches;
    }

    public long rowCount() {
        long rows = 0;
        for (Batch batch : batches) {
            rows += batch.rowCount();
        }
        return rows;
    }

    /**
     * Every row as Java values — Boolean, Byte, Short, Integer, Long, Float, Double, BigDecimal,
     * String, byte[], LocalDate, LocalDateTime, LocalTime (TIME), OffsetDateTime in UTC (TIMESTAMPTZ),
     * UUID, {@link NestedValue} for LIST, ARRAY, STRUCT and MAP, or null. Meant for tests and small results.
     */
    public List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        for (Batch batch : batches) {
            for (int row = 0; row < batch.rowCount(); row++) {
                List<Object> values = new ArrayList<>(batch.columnCount());
                for (FieldVector column : batch.columns()) {
                    values.add(value(column, row));
                }
                rows.add(values);
            }
        }
        return rows;
    }

    /** The Java value at {@code row} of {@code vector} (see {@link #rows()}). */
    public static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (vector) {
            case MapVector map -> {
                StructVector entries = (StructVector) map.getDataVector();
                Map<Object, Object> values = new LinkedHashMap<>();
                for (int entry = map.getElementStartIndex(row); entry < map.getElementEndIndex(row); entry++) {
                    values.put(
                            value(entries.getChildrenFromFields().get(0), entry),
                            value(entries.getChildrenFromFields().get(1), entry));
                }
                yield nested(NestedValue.Kind.MAP, Collections.unmodifiableMap(values), vector, row);
            }
            case ListVector list -> {
                List<Object> values = new ArrayList<>();
                for (int element = list.getElementStartIndex(row); element < list.getElementEndIndex(row); element++) {
                    values.add(value(list.getDataVector(), element));
                }
                yield nested(NestedValue.Kind.LIST, Collections.unmodifiableList(values), vector, row);
            }
            case FixedSizeListVector fixed -> {
                List<Object> values = new ArrayList<>();
                for (int element = 0; element < fixed.getListSize(); element++) {
                    values.add(value(fixed.getDataVector(), row * fixed.getListSize() + element));
                }
                yield nested(NestedValue.Kind.ARRAY, Collections.unmodifiableList(values), vector, row);
            }
            case StructVector struct -> {
                Map<String, Object> values = new LinkedHashMap<>();
                for (FieldVector member : struct.getChildrenFromFields()) {
                    values.put(member.getName(), value(member, row));
                }
                yield nested(NestedValue.Kind.STRUCT, Collections.unmodifiableMap(values), vector, row);
            }
            case BitVector bits -> bits.get(row) != 0;
            case TinyIntVector tiny -> tiny.get(row);
            case SmallIntVector small -> small.get(row);
            case IntVector integer -> integer.get(row);
            case BigIntVector big -> big.get(row);
            case Float4Vector real -> real.get(row);
            case Float8Vector dbl -> dbl.get(row);
            case DecimalVector decimal -> decimal.getObject(row);
            case VarCharVector text -> new String(text.get(row), StandardCharsets.UTF_8);
            case VarBinaryVector binary -> binary.get(row);
            case DateDayVector date -> LocalDate.ofEpochDay(date.get(row));
            case TimeStampMicroVector timestamp -> timestamp.getObject(row);
            case TimeStampMicroTZVector instant -> offsetDateTime(instant.get(row));
            case TimeMicroVector time -> LocalTime.ofNanoOfDay(time.get(row) % 86_400_000_000L * 1_000);
            case IntervalMonthDayNanoVector interval -> Interval.read(interval.getDataBuffer(), row);
            case FixedSizeBinaryVector uuid
            when uuid.getByteWidth() == 16 -> {
                ByteBuffer bytes = ByteBuffer.wrap(uuid.get(row));
                yield new UUID(bytes.getLong(), bytes.getLong());
            }
            default -> vector.getObject(row);
        };
    }

    /** A TIMESTAMPTZ value (microseconds since the epoch) as the UTC OffsetDateTime DuckDB's JDBC driver returns too. */
    private static OffsetDateTime offsetDateTime(long micros) {
        return OffsetDateTime.ofInstant(
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000),
                ZoneOffset.UTC);
    }

    private static NestedValue nested(NestedValue.Kind kind, Object value, FieldVector vector, int row) {
        return new NestedValue(kind, value, NestedText.text(vector, row), TypeNames.sql(vector.getField()));
    }

    @Override
    public void close() {
        for (Batch batch : batches) {
            batch.close();
        }
        if (memory != null) {
            try {
                memory.close();
            } catch (Exception e) {
                throw new IllegalStateException("freeing a query's memory failed", e);
            }
        }
    }
}
