package dev.quiver.engine.plan.rel;

import dev.quiver.engine.catalog.PythonUdf;
import java.util.List;

/**
 * One Python function call of a {@link PythonUdfRel}: the function, the input columns that are its
 * arguments (already of the declared types), and optionally a BOOLEAN guard column: when present,
 * only rows whose guard is TRUE are passed to Python, the others get NULL — how a call in a CASE
 * branch runs only on the rows that take the branch.
 *
 * @param guard the guard column, or -1 for a call on every row
 */
public record PythonUdfCall(PythonUdf function, List<Integer> arguments, int guard) {
    /** A call on every row. */
    public PythonUdfCall(PythonUdf function, List<Integer> arguments) {
        this(function, arguments, -1);
    }

    public PythonUdfCall {
        arguments = List.copyOf(arguments);
        if (arguments.size() != function.parameterTypes().size()) {
            throw new IllegalArgumentException(function.name() + " takes "
                    + function.parameterTypes().size() + " arguments, got " + arguments.size());
        }
    }

    /** E.g. {@code score($1, $4)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(function.name()).append('(');
        for (int index = 0; index < arguments.size(); index++) {
            text.append(index == 0 ? "$" : ", $").append(arguments.get(index));
        }
        text.append(')');
        return guard < 0 ? text.toString() : text.append(" if $").append(guard).toString();
    }
}
