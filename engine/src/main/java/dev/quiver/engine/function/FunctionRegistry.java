package dev.quiver.engine.function;

import java.util.List;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;

/** The functions Quiver's SQL knows: Calcite's standard ones plus Quiver's own (table functions). */
public final class FunctionRegistry {
    private static final List<SqlOperator> QUIVER_FUNCTIONS = List.of(RangeFunction.RANGE, RangeFunction.GENERATE_SERIES);

    private FunctionRegistry() {
    }

    /** The operator table the validator resolves names against. */
    public static SqlOperatorTable operatorTable() {
        return SqlOperatorTables.chain(SqlStdOperatorTable.instance(), SqlOperatorTables.of(QUIVER_FUNCTIONS));
    }
}
