package dev.quiver.engine.type;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.ArraySqlType;

/**
 * DuckDB's fixed-size ARRAY type {@code T[n]}: a Calcite ARRAY that knows its length. Calcite sees an
 * ARRAY (so every rule and check written for LIST applies); Quiver stores it as an Arrow
 * FixedSizeList. Make it with {@code RelDataTypeFactory.createArrayType(element, n)} on Quiver's
 * type factory, which keeps the length through nullability changes.
 */
public final class FixedArraySqlType extends ArraySqlType {
    private final int size;

    /** An array of exactly {@code size} elements of {@code elementType}. */
    public FixedArraySqlType(RelDataType elementType, int size, boolean isNullable) {
        super(elementType, isNullable);
        this.size = size;
        // the superclass computed the digest before the size was known: the digest is the type's identity
        computeDigest();
    }

    /** The number of elements of every non-NULL value. */
    public int size() {
        return size;
    }

    /** The length of {@code type} if it is a fixed-size ARRAY, else -1. */
    public static int sizeOf(RelDataType type) {
        return type instanceof FixedArraySqlType fixed ? fixed.size : -1;
    }

    @Override
    protected void generateTypeString(StringBuilder sb, boolean withDetail) {
        super.generateTypeString(sb, withDetail);
        sb.append('[').append(size).append(']');
    }

    @Override
    public boolean deepEquals(Object obj) {
        return obj instanceof FixedArraySqlType other && other.size == size && super.deepEquals(obj);
    }

    @Override
    public int deepHashCode() {
        return 31 * super.deepHashCode() + size;
    }
}
