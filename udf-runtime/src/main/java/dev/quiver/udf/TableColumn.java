package dev.quiver.udf;

import java.util.Objects;

/**
 * One result column of a table function ({@code RETURNS TABLE (name type, ...)}).
 *
 * @param name the column's name
 * @param type its SQL type
 */
public record TableColumn(String name, UdfType type) {
    public TableColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
