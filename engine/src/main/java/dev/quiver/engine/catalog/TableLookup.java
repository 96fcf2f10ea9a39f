package dev.quiver.engine.catalog;

import java.util.List;
import java.util.Optional;

/** The tables one statement sees, by case-insensitive name: the committed ones, or a transaction's. */
public interface TableLookup {
    /** The version of table {@code name} the statement reads, if there is such a table. */
    Optional<MemoryTable> table(String name);

    /** Every table the statement sees, ordered by name. */
    List<MemoryTable> tables();
}
