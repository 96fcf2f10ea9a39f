package dev.quiver.engine.function;

import dev.quiver.engine.catalog.PythonUdf;
import java.util.Locale;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.Optionality;

/**
 * A Python aggregate function ({@code CREATE AGGREGATE FUNCTION}) as the validator and planner see
 * it: an aggregate with the declared signature and result type, arguments checked as for
 * {@link PythonUdfSqlFunction}. Not usable as a window function.
 */
public final class PythonAggregateSqlFunction extends SqlAggFunction {
    private final PythonUdf function;

    public PythonAggregateSqlFunction(PythonUdf function) {
        super(
                function.name().toUpperCase(Locale.ROOT),
                null,
                SqlKind.OTHER_FUNCTION,
                binding -> UdfTypes.toSql(function.returnType(), binding.getTypeFactory()),
                null,
                new PythonUdfSqlFunction.ArgumentChecker(function),
                SqlFunctionCategory.USER_DEFINED_FUNCTION,
                false,
                false,
                Optionality.FORBIDDEN);
        this.function = function;
    }

    /** The catalog's function, at the version this query was planned with. */
    public PythonUdf function() {
        return function;
    }

    @Override
    public boolean allowsFilter() {
        return true;
    }

    @Override
    public boolean isDeterministic() {
        return function.deterministic();
    }
}
