package dev.quiver.engine.function;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * What the parser builds for DuckDB's nested literals: {@code [a, b]} is a call of {@code list_value},
 * {@code {'x': a, 'y': b}} a call of {@link #STRUCT_LITERAL} (member names as string operands before
 * their values), {@code MAP {k: v}} Calcite's {@code MAP[k, v]}.
 */
public final class NestedSyntax {
    /** {@code {'x': a, 'y': b}}: operands alternate a member name (a string literal) and its value. */
    public static final SqlSpecialOperator STRUCT_LITERAL = new StructLiteral();

    private NestedSyntax() {}

    /** {@code [elements]}: list_value(elements). */
    public static SqlNode listValue(SqlParserPos position, List<SqlNode> elements) {
        SqlUnresolvedFunction function = new SqlUnresolvedFunction(
                new SqlIdentifier("LIST_VALUE", position),
                null,
                null,
                null,
                null,
                SqlFunctionCategory.USER_DEFINED_FUNCTION);
        return function.createCall(position, elements);
    }

    /** {@code {'x': a}}: names and values alternate in {@code operands}. */
    public static SqlNode structValue(SqlParserPos position, List<SqlNode> operands) {
        return STRUCT_LITERAL.createCall(position, operands);
    }

    /** {@code MAP {k: v}}: keys and values alternate in {@code operands}. */
    public static SqlNode mapValue(SqlParserPos position, List<SqlNode> operands) {
        return SqlStdOperatorTable.MAP_VALUE_CONSTRUCTOR.createCall(position, operands);
    }

    /** The STRUCT type of a struct literal: members named by the literal, every one nullable as in DuckDB. */
    private static RelDataType structType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        List<String> names = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        for (int operand = 0; operand + 1 < binding.getOperandCount(); operand += 2) {
            names.add(binding.getOperandLiteralValue(operand, String.class));
            types.add(factory.createTypeWithNullability(binding.getOperandType(operand + 1), true));
        }
        return factory.createStructType(types, names);
    }

    /** The operator of struct literals; unparses as the literal. */
    private static final class StructLiteral extends SqlSpecialOperator {
        StructLiteral() {
            super("$STRUCT", SqlKind.OTHER_FUNCTION, 0, false, NestedSyntax::structType, null, OperandTypes.VARIADIC);
        }

        /** Types the call itself: the member names are not an overload to look up by name. */
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                validator.deriveType(scope, operand);
            }
            return validateOperands(validator, scope, call);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            SqlWriter.Frame frame = writer.startList("{", "}");
            for (int operand = 0; operand + 1 < call.operandCount(); operand += 2) {
                writer.sep(",");
                call.operand(operand).unparse(writer, 0, 0);
                writer.print(": ");
                call.operand(operand + 1).unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
    }
}
