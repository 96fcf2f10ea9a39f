package dev.quiver.engine.exec.expr;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Base of a kernel that computes a named function of its operands: it keeps the name, operands,
 * result field and whether the function can raise a data error, and prints {@code name(a, b)} for
 * EXPLAIN, so a subclass writes only {@code evaluate}.
 */
public abstract class FunctionExpr implements KernelExpr {
    private final String name;
    private final List<Expr> operands;
    private final Field field;
    private final boolean mayFail;

    protected FunctionExpr(String name, List<Expr> operands, Field field, boolean mayFail) {
        this.name = name;
        this.operands = List.copyOf(operands);
        this.field = field;
        this.mayFail = mayFail;
    }

    /** The function's name as EXPLAIN prints it. */
    public final String name() {
        return name;
    }

    @Override
    public final Field field() {
        return field;
    }

    @Override
    public final List<Expr> children() {
        return operands;
    }

    @Override
    public final boolean mayFail() {
        return mayFail;
    }

    @Override
    public String describe() {
        return name + "(" + Exprs.describeAll(operands) + ")";
    }
}
