package dev.quiver.engine.function;

/**
 * Whether DOUBLE functions follow IEEE 754 (DuckDB's {@code ieee_floating_point_ops} setting, true by
 * default): {@code ln(0)} is -inf and {@code sqrt(-1)} NaN; when false, arguments outside a
 * function's domain are errors, as DuckDB then raises them ({@code cannot take logarithm of zero}).
 *
 * <p>The session binds {@link #CURRENT} around each statement; planning reads it on that thread and
 * builds kernels with or without their domain checks, so a changed setting plans the statement anew.
 */
public final class FloatingPointMode {
    /** Whether the running statement's session has {@code ieee_floating_point_ops} on. */
    public static final ScopedValue<Boolean> CURRENT = ScopedValue.newInstance();

    private FloatingPointMode() {}

    /** The bound mode, or IEEE (DuckDB's default) outside a session (tools, tests). */
    public static boolean ieee() {
        return !CURRENT.isBound() || CURRENT.get();
    }
}
