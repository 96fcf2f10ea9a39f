package dev.quiver.engine.function;

import dev.quiver.engine.exec.expr.SliceBounds;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * DuckDB's slice {@code l[begin:end[:step]]} (also on strings): the parser builds it as a binary
 * operator whose right operand is {@code ROW(begin, end[, step])}, and the validator rewrites each
 * call into {@code list_slice(l, begin, end[, step])} before anything else sees it.
 *
 * <p>Precedence 100, left-associative, as Calcite's subscript {@code l[i]}, so {@code l[1:2][1]}
 * subscripts the slice.
 */
public final class SliceSubscript extends SqlBinaryOperator {
    public static final SliceSubscript INSTANCE = new SliceSubscript();

    private SliceSubscript() {
        super("SLICE", SqlKind.OTHER, 100, true, ReturnTypes.ARG0, InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY);
    }

    @Override
    public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
        List<SqlNode> operands = new ArrayList<>();
        operands.add(call.operand(0));
        operands.addAll(((SqlCall) call.operand(1)).getOperandList());
        return listSlice().createCall(call.getParserPosition(), operands);
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        call.operand(0).unparse(writer, leftPrec, getLeftPrec());
        SqlWriter.Frame frame = writer.startList("[", "]");
        List<SqlNode> bounds = ((SqlCall) call.operand(1)).getOperandList();
        for (int index = 0; index < bounds.size(); index++) {
            if (index > 0) {
                writer.print(":");
            }
            SqlNode bound = bounds.get(index);
            long omitted = index == 0 ? SliceBounds.OMITTED_BEGIN : SliceBounds.OMITTED_END;
            if (index < 2
                    && bound instanceof SqlNumericLiteral literal
                    && Long.valueOf(omitted).equals(literal.getValueAs(Long.class))) {
                if (index == 1 && bounds.size() > 2) {
                    writer.print("-"); // as written: l[a:-:step]
                }
                continue;
            }
            bound.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }

    /** The operator of the built-in {@code list_slice(list, begin, end[, step])}. */
    private static SqlOperator listSlice() {
        return BuiltinFunctions.operator("list_slice");
    }
}
