package dev.quiver.engine.exec.operator.aggregate.kernel;

import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.AggregateState;
import java.util.function.Supplier;

/** Builds an {@link AggregateKernel} from a name and a state constructor. */
final class Kernels {
    private Kernels() {}

    static AggregateKernel of(String name, boolean skipsNullRows, Supplier<AggregateState> states) {
        return new AggregateKernel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AggregateState newState() {
                return states.get();
            }

            @Override
            public boolean skipsNullRows() {
                return skipsNullRows;
            }
        };
    }

    static AggregateKernel of(String name, Supplier<AggregateState> states) {
        return of(name, true, states);
    }

    /** An argument as a double (the caller knows it is numeric). */
    static double toDouble(Object value) {
        return ((Number) value).doubleValue();
    }
}
