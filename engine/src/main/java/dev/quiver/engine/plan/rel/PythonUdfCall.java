package dev.quiver.engine.plan.rel;

import dev.quiver.engine.catalog.PythonUdf;
import java.util.List;

/**
 * One Python function call of a {@link PythonUdfRel}: the function and the input columns that are
 * its arguments, already of the declared types.
 */
public record PythonUdfCall(PythonUdf function, List<Integer> arguments) {
    public PythonUdfCall {
        arguments = List.copyOf(arguments);
        if (arguments.size() != function.parameterTypes().size()) {
            throw new IllegalArgumentException(function.name() + " takes " + function.parameterTypes().size()
                    + " arguments, got " + arguments.size());
        }
    }

    /** E.g. {@code score($1, $4)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(function.name()).append('(');
        for (int index = 0; index < arguments.size(); index++) {
            text.append(index == 0 ? "$" : ", $").append(arguments.get(index));
        }
        return text.append(')').toString();
    }
}
