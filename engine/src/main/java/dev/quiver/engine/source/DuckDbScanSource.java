package dev.quiver.engine.source;

import dev.quiver.engine.exec.operator.scan.ScanSource;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/** A file or database table read through DuckDB, as the runtime's file scan sees it. */
public record DuckDbScanSource(DuckDbReader reader, DuckDbSource source) implements ScanSource {
    @Override
    public DuckDbScan open(List<String> columns, String filter, int batchRows, BufferAllocator allocator) {
        return reader.scan(source, columns, filter, batchRows, allocator);
    }

    @Override
    public String describe() {
        return source.describe();
    }
}
