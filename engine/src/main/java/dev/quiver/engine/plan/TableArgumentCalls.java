package dev.quiver.engine.plan;

import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.function.PythonTableSqlFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * Table arguments of Python table functions, before validation: in a call in FROM, the operand at
 * the TABLE parameter — {@code TABLE t} or a subquery without PARTITION BY/ORDER BY, which Calcite
 * reads as a scalar subquery — becomes a table with set semantics (as {@code TABLE t PARTITION BY
 * ...} is already); a table passed to any other parameter is refused with a clear message.
 */
final class TableArgumentCalls {
    private TableArgumentCalls() {}

    static void rewrite(SqlNode statement, SqlOperatorTable operators) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.COLLECTION_TABLE && call.operand(0) instanceof SqlBasicCall function) {
                    PythonUdf python = pythonTableFunction(function, operators);
                    if (python != null) {
                        rewriteOperands(function, python);
                    }
                }
                return super.visit(call);
            }
        });
    }

    private static void rewriteOperands(SqlBasicCall call, PythonUdf function) {
        int tableParameter = function.tableParameter();
        for (int index = 0; index < call.operandCount(); index++) {
            SqlNode operand = call.operand(index);
            boolean table =
                    operand.getKind() == SqlKind.SET_SEMANTICS_TABLE || operand.getKind() == SqlKind.EXPLICIT_TABLE;
            boolean query = operand.getKind() == SqlKind.SELECT
                    || operand.getKind() == SqlKind.WITH
                    || operand.getKind() == SqlKind.UNION
                    || operand.getKind() == SqlKind.VALUES;
            if (index == tableParameter) {
                if (operand.getKind() == SqlKind.EXPLICIT_TABLE || query) {
                    // not SET_SEMANTICS_TABLE.createCall: it asserts a PARTITION BY or ORDER BY,
                    // which Calcite's conversion does not need
                    call.setOperand(
                            index,
                            new SqlBasicCall(
                                    SqlStdOperatorTable.SET_SEMANTICS_TABLE,
                                    List.of(operand, SqlNodeList.EMPTY, SqlNodeList.EMPTY),
                                    operand.getParserPosition()));
                }
            } else if (table) {
                throw new QuiverException(
                        ErrorCode.INVALID_QUERY,
                        tableParameter < 0
                                ? function.name() + " takes no table argument (it declares no TABLE parameter);"
                                        + " argument " + (index + 1) + " is a table"
                                : function.name() + " takes its table as argument " + (tableParameter + 1) + " ("
                                        + function.parameterNames().get(tableParameter) + "), not as argument "
                                        + (index + 1),
                        operand.getParserPosition().getLineNum(),
                        operand.getParserPosition().getColumnNum(),
                        null);
            }
        }
    }

    /** The Python table function a call names, or null. */
    private static PythonUdf pythonTableFunction(SqlBasicCall call, SqlOperatorTable operators) {
        SqlIdentifier name = call.getOperator().getNameAsId();
        List<SqlOperator> found = new ArrayList<>();
        operators.lookupOperatorOverloads(
                name,
                SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION,
                SqlSyntax.FUNCTION,
                found,
                SqlNameMatchers.withCaseSensitive(false));
        for (SqlOperator operator : found) {
            if (operator instanceof PythonTableSqlFunction python) {
                return python.function();
            }
        }
        return null;
    }
}
