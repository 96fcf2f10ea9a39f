package dev.quiver.engine.plan.rel;

import dev.quiver.engine.source.DuckDbReader;
import dev.quiver.engine.source.DuckDbSource;
import java.util.Objects;

/**
 * Something a {@link SourceScan} reads through DuckDB: the reader that owns the DuckDB instance, the
 * source within it, and the number of rows it holds when known (null: unknown).
 */
public record DuckDbTable(DuckDbReader reader, DuckDbSource source, Double rowCount) {
    public DuckDbTable {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(source, "source");
    }
}
