package dev.quiver.engine.function;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.udf.TableColumn;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.TableCharacteristic;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * A Python table function ({@code RETURNS TABLE (...)}) as the validator sees it: a table function
 * in FROM whose row type is the declared result columns (all nullable), with the same argument
 * checks as a scalar Python function; the planner casts each argument to its declared type.
 */
public final class PythonTableSqlFunction extends SqlFunction implements SqlTableFunction {
    private final PythonUdf function;

    public PythonTableSqlFunction(PythonUdf function) {
        super(
                function.name().toUpperCase(Locale.ROOT),
                SqlKind.OTHER_FUNCTION,
                ReturnTypes.CURSOR,
                null,
                new PythonUdfSqlFunction.ArgumentChecker(function),
                SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
        this.function = function;
    }

    /** The catalog's function, at the version this query was planned with. */
    public PythonUdf function() {
        return function;
    }

    @Override
    public boolean isDeterministic() {
        return function.deterministic();
    }

    /**
     * The TABLE parameter takes a table with set semantics (Calcite then accepts {@code TABLE t
     * PARTITION BY k ORDER BY o} there); every other parameter a value.
     */
    @Override
    public TableCharacteristic tableCharacteristic(int ordinal) {
        return ordinal == function.tableParameter()
                ? TableCharacteristic.builder(TableCharacteristic.Semantics.SET)
                        .passColumnsThrough()
                        .build()
                : null;
    }

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return this::rowType;
    }

    private RelDataType rowType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataTypeFactory.Builder row = factory.builder();
        for (TableColumn column : function.resultColumns()) {
            row.add(column.name(), UdfTypes.toSql(column.type(), factory));
        }
        return row.build();
    }
}
