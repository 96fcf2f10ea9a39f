package dev.quiver.engine;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting a session can {@code SET}, {@code RESET} and read with {@code current_setting(name)}
 * and {@code duckdb_settings()}: its name, what it means, its default (from the database's
 * {@link QuiverConfig}) and how a SET value is read. Other parts of Quiver add theirs with
 * {@link SessionSettings#register}.
 *
 * @param name         lower-case name, as SQL spells it
 * @param description  one sentence for the listing
 * @param inputType    the SQL type of its value, for the listing ({@code BIGINT}, {@code VARCHAR})
 * @param defaultValue the value before any SET (a Long or a String)
 * @param parse        reads the text of a SET value into a value; throws IllegalArgumentException
 *                     with a message saying what is expected
 */
public record Setting(
        String name,
        String description,
        String inputType,
        Function<QuiverConfig, Object> defaultValue,
        Function<String, Object> parse) {
    public Setting {
        name = name.toLowerCase(Locale.ROOT);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputType, "inputType");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(parse, "parse");
    }
}
