package dev.quiver.engine.plan;

import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.Aggregation;
import dev.quiver.engine.exec.operator.aggregate.kernel.IntervalAggregates;
import dev.quiver.engine.exec.operator.aggregate.kernel.ValueAggregates;
import dev.quiver.engine.exec.operator.sort.SortKey;
import dev.quiver.engine.function.BuiltinFunction;
import dev.quiver.engine.function.BuiltinFunctions;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;

/**
 * Translates aggregate calls of built-in functions with a kernel ({@code function.AggregateBuiltins})
 * into runtime {@link Aggregation}s and window kernels, with the ORDER BY inside the call.
 */
final class AggregateCalls {
    private AggregateCalls() {}

    /**
     * The kernel aggregation of {@code call}, or null when the runtime's own accumulators compute
     * it. {@code any_value(x ORDER BY y)} becomes a kernel too: the accumulators do not sort.
     */
    static Aggregation kernel(AggregateCall call, List<Field> inputFields, Field output) {
        AggregateKernel kernel = kernel(
                call.getAggregation(),
                call.getArgList(),
                inputFields,
                output,
                !call.getCollation().getFieldCollations().isEmpty());
        if (kernel == null) {
            return null;
        }
        return Aggregation.kernel(kernel, call.getArgList(), order(call), call.filterArg, output);
    }

    /** The kernel of a call of {@code function} over {@code arguments} (input columns), or null when it has none. */
    static AggregateKernel kernel(
            SqlAggFunction function, List<Integer> arguments, List<Field> inputFields, Field output, boolean ordered) {
        BuiltinFunction builtin = BuiltinFunctions.forOperator(function);
        List<ArrowType> types = new ArrayList<>();
        for (int argument : arguments) {
            types.add(inputFields.get(argument).getType());
        }
        if (builtin != null && builtin.hasAggregateKernel()) {
            return builtin.aggregateKernel(types, output.getType());
        }
        if (function.getKind() == SqlKind.ANY_VALUE && ordered) {
            return ValueAggregates.first("any_value", true);
        }
        if (function.getKind() == SqlKind.AVG && types.size() == 1 && types.getFirst() instanceof ArrowType.Interval) {
            return IntervalAggregates.avg();
        }
        return null;
    }

    private static List<SortKey> order(AggregateCall call) {
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation collation : call.getCollation().getFieldCollations()) {
            keys.add(new SortKey(
                    collation.getFieldIndex(),
                    collation.getDirection().isDescending(),
                    collation.nullDirection == RelFieldCollation.NullDirection.FIRST));
        }
        return keys;
    }
}
