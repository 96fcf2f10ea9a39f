package dev.quiver.engine.function;

import dev.quiver.engine.source.DuckDbReader;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;

/** The functions Quiver's SQL knows: Calcite's standard ones plus Quiver's own (table functions). */
public final class FunctionRegistry {
    private FunctionRegistry() {
    }

    /** The operator table the validator resolves names against; file functions read through {@code files}. */
    public static SqlOperatorTable operatorTable(Supplier<DuckDbReader> files) {
        return SqlOperatorTables.chain(SqlStdOperatorTable.instance(), SqlOperatorTables.of(List.of(
                RangeFunction.RANGE, RangeFunction.GENERATE_SERIES,
                FileTableFunction.parquet(files), FileTableFunction.csv(files))));
    }
}
