package dev.quiver.engine.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** The SQL macros of one database, scalar and table macros in one namespace. Names are case-insensitive. Thread-safe. */
public final class MacroCatalog {
    private final ConcurrentMap<String, MacroDefinition> macros = new ConcurrentHashMap<>();
    /** Counts changes, so that a prepared plan knows that a macro it expanded changed. */
    private final AtomicLong version = new AtomicLong();

    /** A number that changes (after the change) whenever a macro is created, replaced or dropped. */
    public long version() {
        return version.get();
    }

    public Optional<MacroDefinition> macro(String name) {
        return Optional.ofNullable(macros.get(key(name)));
    }

    /**
     * The macro an unqualified call of {@code name} means: the TEMP macro of the connection whose
     * TEMP schema is {@code temporarySchema} (null: none) if it has one, else main's.
     */
    public Optional<MacroDefinition> visible(String name, String temporarySchema) {
        if (temporarySchema != null) {
            MacroDefinition temporary = macros.get(key(temporarySchema + "." + name));
            if (temporary != null) {
                return Optional.of(temporary);
            }
        }
        return macro(name);
    }

    /** Whether there is no macro at all (then queries need no expansion). */
    public boolean isEmpty() {
        return macros.isEmpty();
    }

    /** Every macro, by name ignoring case. */
    public List<MacroDefinition> macros() {
        return macros.values().stream()
                .sorted(Comparator.comparing(MacroDefinition::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** Adds a macro, replacing any of that name. */
    public void put(MacroDefinition macro) {
        macros.put(key(macro.name()), macro);
        version.incrementAndGet();
    }

    /** Drops a macro; false when there is none of that name. */
    public boolean drop(String name) {
        boolean dropped = macros.remove(key(name)) != null;
        version.incrementAndGet();
        return dropped;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
