package dev.quiver.engine.jdbc;

import java.sql.Struct;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A STRUCT value read through JDBC: its members' values in order, and DuckDB's name of its type. */
final class QuiverStruct implements Struct {
    private final String typeName;
    private final Object[] attributes;
    private final List<String> memberNames; // null when unknown

    QuiverStruct(String typeName, Object[] attributes) {
        this(typeName, attributes, null);
    }

    QuiverStruct(String typeName, Object[] attributes, List<String> memberNames) {
        this.typeName = typeName;
        this.attributes = attributes.clone();
        this.memberNames = memberNames == null ? null : List.copyOf(memberNames);
    }

    /** The members' names in order, when known (a bound value needs them); null otherwise. */
    List<String> memberNames() {
        return memberNames;
    }

    @Override
    public String getSQLTypeName() {
        return typeName;
    }

    @Override
    public Object[] getAttributes() {
        return attributes.clone();
    }

    /** The same values: Quiver has no user-defined types to map. */
    @Override
    public Object[] getAttributes(Map<String, Class<?>> map) {
        return getAttributes();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QuiverStruct struct
                && typeName.equals(struct.typeName)
                && Arrays.equals(attributes, struct.attributes);
    }

    @Override
    public int hashCode() {
        return typeName.hashCode() * 31 + Arrays.hashCode(attributes);
    }

    @Override
    public String toString() {
        return Arrays.toString(attributes);
    }
}
