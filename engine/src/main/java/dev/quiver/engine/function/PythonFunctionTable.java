package dev.quiver.engine.function;

import dev.quiver.engine.catalog.FunctionCatalog;
import dev.quiver.engine.catalog.PythonUdf;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * The database's Python functions as an operator table for one statement's validator. One operator
 * per function version, so every call of a function in the statement resolves to the same one.
 */
public final class PythonFunctionTable implements SqlOperatorTable {
    private final FunctionCatalog functions;
    private final Map<PythonUdf, SqlOperator> operators = new IdentityHashMap<>();

    public PythonFunctionTable(FunctionCatalog functions) {
        this.functions = functions;
    }

    @Override
    public synchronized void lookupOperatorOverloads(
            SqlIdentifier name,
            SqlFunctionCategory category,
            SqlSyntax syntax,
            List<SqlOperator> found,
            SqlNameMatcher matcher) {
        if (syntax != SqlSyntax.FUNCTION || !name.isSimple()) {
            return;
        }
        boolean tableContext = category != null && category.isTableFunction();
        functions
                .function(name.getSimple())
                // a table function only in FROM; a scalar one only outside it
                .filter(function -> function.isTable() == tableContext)
                .ifPresent(function -> found.add(operators.computeIfAbsent(function, PythonFunctionTable::operator)));
    }

    @Override
    public synchronized List<SqlOperator> getOperatorList() {
        return functions.functions().stream()
                .map(function -> operators.computeIfAbsent(function, PythonFunctionTable::operator))
                .toList();
    }

    /**
     * A scalar or vectorized function is a plain function to the validator; an aggregate an
     * aggregate; a table function a table function.
     */
    private static SqlOperator operator(PythonUdf function) {
        if (function.isTable()) {
            return new PythonTableSqlFunction(function);
        }
        return function.isAggregate() ? new PythonAggregateSqlFunction(function) : new PythonUdfSqlFunction(function);
    }
}
