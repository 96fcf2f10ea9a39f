package dev.quiver.engine.function;

import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The table function {@code python_info()}: the embedded Python and the database's interpreter pool
 * as (name, value) rows — version, executable, {@code sys.path} as functions see it, isolation, the
 * memory limits and what each interpreter is doing. Read when the query runs, not when it is planned.
 */
public final class PythonInfoFunction extends SqlFunction implements SqlTableFunction {
    /** The function's name in SQL. */
    public static final String NAME = "python_info";

    private final Supplier<List<List<Object>>> rows;

    private PythonInfoFunction(Supplier<List<List<Object>>> rows) {
        super(
                NAME,
                SqlKind.OTHER_FUNCTION,
                ReturnTypes.CURSOR,
                null,
                OperandTypes.NILADIC,
                SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
        this.rows = rows;
    }

    /** {@code python_info()} reading a database's state through {@code rows}. */
    public static PythonInfoFunction of(Supplier<List<List<Object>>> rows) {
        return new PythonInfoFunction(rows);
    }

    /** The rows as of now: one (name, value) pair each. */
    public Supplier<List<List<Object>>> rows() {
        return rows;
    }

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return this::rowType;
    }

    private RelDataType rowType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        return factory.builder()
                .add("name", factory.createSqlType(SqlTypeName.VARCHAR))
                .add("value", factory.createSqlType(SqlTypeName.VARCHAR))
                .build();
    }
}
