package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.MemoryTable;

/**
 * A planned {@code INSERT}: the query producing the new rows (typed as the table's columns) and the
 * table receiving them.
 */
public record PlannedInsert(MemoryTable table, PlannedQuery rows) {}
