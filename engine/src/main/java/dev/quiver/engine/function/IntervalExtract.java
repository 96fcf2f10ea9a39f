package dev.quiver.engine.function;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql2rel.SqlRexContext;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * EXTRACT of an INTERVAL as the validator types it: any unit of any interval, as DuckDB's
 * {@code EXTRACT(YEAR FROM INTERVAL '14 months')}. Calcite's EXTRACT refuses a year or month of a
 * day-time interval, which Quiver's one INTERVAL type is to Calcite. The validator puts this
 * operator in place of Calcite's only when the value is an interval; it becomes Calcite's EXTRACT
 * again in the relational plan, whose kernel reads the interval's parts ({@link #convert}).
 */
public final class IntervalExtract extends SqlFunction {
    /** The one instance. */
    public static final IntervalExtract INSTANCE = new IntervalExtract();

    private IntervalExtract() {
        super("EXTRACT", SqlKind.EXTRACT, ReturnTypes.BIGINT_NULLABLE, null, null, SqlFunctionCategory.SYSTEM);
    }

    /** Whether {@code call} is Calcite's EXTRACT of an interval, which this operator should type. */
    public static boolean replaces(SqlCall call, SqlValidator validator, SqlValidatorScope scope) {
        return call.getOperator() == SqlStdOperatorTable.EXTRACT
                && call.operandCount() == 2
                && SqlTypeUtil.isInterval(validator.deriveType(scope, call.operand(1)));
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
        return SqlOperandCountRanges.of(2);
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
        return true; // replaces() let only an interval value through; the unit is a symbol
    }

    /** Types the call as itself: SqlFunction's typing would look EXTRACT up by name and put Calcite's back. */
    @Override
    public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
        for (SqlNode operand : call.getOperandList()) {
            validator.deriveType(scope, operand);
        }
        return validateOperands(validator, scope, call);
    }

    @Override
    public String getSignatureTemplate(int operandsCount) {
        return SqlStdOperatorTable.EXTRACT.getSignatureTemplate(operandsCount);
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        SqlStdOperatorTable.EXTRACT.unparse(writer, call, leftPrec, rightPrec);
    }

    /** The call as Calcite's EXTRACT, which the runtime's EXTRACT kernel implements for intervals too. */
    static RexNode convert(SqlRexContext context, SqlCall call) {
        return StandardConvertletTable.INSTANCE.convertFunction(context, SqlStdOperatorTable.EXTRACT, call);
    }
}
