package dev.quiver.engine.function;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * DuckDB's scalar functions that Calcite's standard table lacks or types differently, each typed
 * as DuckDB types it (checked against DuckDB by the sqllogictest suite). Their runtime kernels are
 * chosen by name in {@code plan/RexToExpr}.
 */
public final class DuckDbFunctions {
    private static final SqlReturnTypeInference DOUBLE = ReturnTypes.DOUBLE_NULLABLE;
    private static final SqlReturnTypeInference VARCHAR = ReturnTypes.explicit(SqlTypeName.VARCHAR)
            .andThen(SqlTypeTransforms.TO_NULLABLE);
    private static final SqlReturnTypeInference BIGINT = ReturnTypes.BIGINT_NULLABLE;
    private static final SqlReturnTypeInference BOOLEAN = ReturnTypes.BOOLEAN_NULLABLE;

    // ------------------------------------------------------------------ numeric

    /** {@code sign(x)}: -1, 0 or 1 as a TINYINT, whatever the type of x. */
    public static final SqlFunction SIGN = function("SIGN", ReturnTypes.explicit(SqlTypeName.TINYINT)
            .andThen(SqlTypeTransforms.TO_NULLABLE), OperandTypes.NUMERIC);
    /** {@code round(x[, digits])}: DECIMAL(p, s) gives DECIMAL(p, min(max(digits, 0), s)). */
    public static final SqlFunction ROUND = function("ROUND", DuckDbFunctions::roundType,
            OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_INTEGER));
    /** {@code trunc(x[, digits])}, typed as ROUND. */
    public static final SqlFunction TRUNC = function("TRUNC", DuckDbFunctions::roundType,
            OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_INTEGER));
    /** {@code floor(x)}: DECIMAL(p, s) gives DECIMAL(p, 0); integers give DOUBLE, as in DuckDB. */
    public static final SqlFunction FLOOR = function("FLOOR", DuckDbFunctions::floorType, OperandTypes.NUMERIC);
    /** {@code ceil(x)}, typed as FLOOR. */
    public static final SqlFunction CEIL = function("CEIL", DuckDbFunctions::floorType, OperandTypes.NUMERIC);
    public static final SqlFunction CEILING = function("CEILING", DuckDbFunctions::floorType, OperandTypes.NUMERIC);
    public static final SqlFunction CBRT = function("CBRT", DOUBLE, OperandTypes.NUMERIC);
    public static final SqlFunction LOG2 = function("LOG2", DOUBLE, OperandTypes.NUMERIC);
    /** {@code log(x)} is the base-10 logarithm; {@code log(b, x)} the base-b one. */
    public static final SqlFunction LOG = function("LOG", DOUBLE,
            OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_NUMERIC));
    public static final SqlFunction POW = function("POW", DOUBLE, OperandTypes.NUMERIC_NUMERIC);
    /** {@code greatest(a, b, ...)}: the largest non-NULL argument, NULL only when all are. */
    public static final SqlFunction GREATEST = function("GREATEST", ReturnTypes.LEAST_RESTRICTIVE,
            OperandTypes.SAME_VARIADIC);
    public static final SqlFunction LEAST = function("LEAST", ReturnTypes.LEAST_RESTRICTIVE,
            OperandTypes.SAME_VARIADIC);

    // ------------------------------------------------------------------ strings

    public static final SqlFunction LENGTH = function("LENGTH", BIGINT, OperandTypes.CHARACTER);
    public static final SqlFunction LEN = function("LEN", BIGINT, OperandTypes.CHARACTER);
    /** {@code concat(...)}: any types, as text; NULL arguments are skipped, so never NULL. */
    public static final SqlFunction CONCAT = function("CONCAT", ReturnTypes.explicit(SqlTypeName.VARCHAR),
            OperandTypes.VARIADIC);
    /** {@code concat_ws(separator, ...)}: NULL arguments skipped; NULL only for a NULL separator. */
    public static final SqlFunction CONCAT_WS = function("CONCAT_WS", DuckDbFunctions::concatWsType,
            OperandTypes.ONE_OR_MORE);
    public static final SqlFunction LPAD = function("LPAD", VARCHAR, OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.INTEGER, SqlTypeFamily.STRING));
    public static final SqlFunction RPAD = function("RPAD", VARCHAR, OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.INTEGER, SqlTypeFamily.STRING));
    public static final SqlFunction LEFT = function("LEFT", VARCHAR, OperandTypes.STRING_INTEGER);
    public static final SqlFunction RIGHT = function("RIGHT", VARCHAR, OperandTypes.STRING_INTEGER);
    public static final SqlFunction STRPOS = function("STRPOS", BIGINT, OperandTypes.STRING_STRING);
    public static final SqlFunction INSTR = function("INSTR", BIGINT, OperandTypes.STRING_STRING);
    public static final SqlFunction REVERSE = function("REVERSE", VARCHAR, OperandTypes.CHARACTER);
    public static final SqlFunction REPEAT = function("REPEAT", VARCHAR, OperandTypes.STRING_INTEGER);
    public static final SqlFunction STARTS_WITH = function("STARTS_WITH", BOOLEAN, OperandTypes.STRING_STRING);
    public static final SqlFunction ENDS_WITH = function("ENDS_WITH", BOOLEAN, OperandTypes.STRING_STRING);
    public static final SqlFunction SUFFIX = function("SUFFIX", BOOLEAN, OperandTypes.STRING_STRING);
    public static final SqlFunction CONTAINS = function("CONTAINS", BOOLEAN, OperandTypes.STRING_STRING);
    public static final SqlFunction SPLIT_PART = function("SPLIT_PART", VARCHAR,
            OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.STRING, SqlTypeFamily.INTEGER));
    public static final SqlFunction LTRIM = function("LTRIM", VARCHAR,
            OperandTypes.CHARACTER.or(OperandTypes.STRING_STRING));
    public static final SqlFunction RTRIM = function("RTRIM", VARCHAR,
            OperandTypes.CHARACTER.or(OperandTypes.STRING_STRING));
    public static final SqlFunction CHR = function("CHR", VARCHAR, OperandTypes.INTEGER);
    public static final SqlFunction REGEXP_MATCHES = function("REGEXP_MATCHES", BOOLEAN,
            OperandTypes.STRING_STRING.or(OperandTypes.STRING_STRING_STRING));
    public static final SqlFunction REGEXP_REPLACE = function("REGEXP_REPLACE", VARCHAR,
            OperandTypes.STRING_STRING_STRING.or(OperandTypes.family(SqlTypeFamily.STRING,
                    SqlTypeFamily.STRING, SqlTypeFamily.STRING, SqlTypeFamily.STRING)));

    // ------------------------------------------------------------------ dates

    /** {@code date_trunc('unit', d)}: a TIMESTAMP, for DATE arguments too (DuckDB 2.0). */
    public static final SqlFunction DATE_TRUNC = function("DATE_TRUNC", ReturnTypes.explicit(SqlTypeName.TIMESTAMP)
            .andThen(SqlTypeTransforms.TO_NULLABLE), OperandTypes.family(SqlTypeFamily.CHARACTER,
            SqlTypeFamily.DATETIME));
    /** {@code date_part('unit', d)}: BIGINT, DOUBLE for 'epoch'. */
    public static final SqlFunction DATE_PART = function("DATE_PART", DuckDbFunctions::datePartType,
            OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME));
    public static final SqlFunction DATEPART = function("DATEPART", DuckDbFunctions::datePartType,
            OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME));
    public static final SqlFunction DAY = function("DAY", BIGINT, OperandTypes.DATETIME);
    public static final SqlFunction DAYOFWEEK = function("DAYOFWEEK", BIGINT, OperandTypes.DATETIME);
    /** {@code date_diff('unit', start, end)}: unit boundaries crossed from start to end. */
    public static final SqlFunction DATE_DIFF = function("DATE_DIFF", BIGINT, OperandTypes.family(
            SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME));
    public static final SqlFunction DATEDIFF = function("DATEDIFF", BIGINT, OperandTypes.family(
            SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME));
    public static final SqlFunction LAST_DAY = function("LAST_DAY", ReturnTypes.DATE_NULLABLE,
            OperandTypes.DATETIME);
    public static final SqlFunction MAKE_DATE = function("MAKE_DATE", ReturnTypes.DATE_NULLABLE,
            OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER));

    /** Every function above. */
    public static final List<SqlOperator> ALL = List.of(SIGN, ROUND, TRUNC, FLOOR, CEIL, CEILING, CBRT, LOG2, LOG,
            POW, GREATEST, LEAST, LENGTH, LEN, CONCAT, CONCAT_WS, LPAD, RPAD, LEFT, RIGHT, STRPOS, INSTR, REVERSE,
            REPEAT, STARTS_WITH, ENDS_WITH, SUFFIX, CONTAINS, SPLIT_PART, LTRIM, RTRIM, CHR, REGEXP_MATCHES,
            REGEXP_REPLACE, DATE_TRUNC, DATE_PART, DATEPART, DAY, DAYOFWEEK, DATE_DIFF, DATEDIFF, LAST_DAY,
            MAKE_DATE);

    /** Standard operators these replace: the validator must find only one operator per name. */
    public static final List<SqlOperator> REPLACED = List.of(SqlStdOperatorTable.SIGN, SqlStdOperatorTable.ROUND,
            SqlStdOperatorTable.FLOOR, SqlStdOperatorTable.CEIL, SqlStdOperatorTable.DAYOFWEEK);

    private DuckDbFunctions() {
    }

    private static SqlFunction function(String name, SqlReturnTypeInference returnType,
            SqlOperandTypeChecker operands) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, returnType, null, operands,
                SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }

    /**
     * Replaces the calls the grammar builds itself, not by name lookup — {@code FLOOR(x)},
     * {@code CEIL(x)}, {@code DATE_TRUNC('unit', d)} — with DuckDB's, throughout a statement, in
     * place. {@code FLOOR(x TO unit)} and BigQuery's {@code DATE_TRUNC(d, unit)} stay.
     */
    public static void rewrite(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlBasicCall basic && basic.getOperator() == SqlLibraryOperators.DATE_TRUNC
                        && call.operandCount() == 2 && call.operand(0) instanceof SqlCharStringLiteral) {
                    // the grammar parses DATE_TRUNC itself, as BigQuery's; DuckDB's takes the unit first
                    basic.setOperator(DATE_TRUNC);
                } else if (call instanceof SqlBasicCall basic && call.operandCount() == 1) {
                    if (basic.getOperator() == SqlStdOperatorTable.FLOOR) {
                        basic.setOperator(FLOOR);
                    } else if (basic.getOperator() == SqlStdOperatorTable.CEIL) {
                        basic.setOperator(basic.getOperator().getName().equalsIgnoreCase("CEILING") ? CEILING : CEIL);
                    }
                }
                return super.visit(call);
            }
        });
    }

    private static RelDataType roundType(SqlOperatorBinding binding) {
        RelDataType value = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType type = value;
        if (value.getSqlTypeName() == SqlTypeName.DECIMAL) {
            int digits = 0;
            if (binding.getOperandCount() > 1) {
                if (!binding.isOperandLiteral(1, false)) {
                    digits = value.getScale(); // a varying digit count keeps the scale, as DuckDB does
                } else {
                    Integer constant = binding.getOperandLiteralValue(1, Integer.class);
                    digits = constant == null ? 0 : constant;
                }
            }
            type = factory.createSqlType(SqlTypeName.DECIMAL, value.getPrecision(),
                    Math.min(Math.max(digits, 0), value.getScale()));
        }
        boolean nullable = false;
        for (int index = 0; index < binding.getOperandCount(); index++) {
            nullable |= binding.getOperandType(index).isNullable();
        }
        return factory.createTypeWithNullability(type, nullable);
    }

    private static RelDataType floorType(SqlOperatorBinding binding) {
        RelDataType value = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType type = switch (value.getSqlTypeName()) {
            case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, value.getPrecision(), 0);
            case REAL, FLOAT, DOUBLE -> value;
            default -> factory.createSqlType(SqlTypeName.DOUBLE);
        };
        return factory.createTypeWithNullability(type, value.isNullable());
    }

    private static RelDataType concatWsType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.VARCHAR),
                binding.getOperandType(0).isNullable());
    }

    private static RelDataType datePartType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        String unit = binding.isOperandLiteral(0, false) ? binding.getOperandLiteralValue(0, String.class) : null;
        SqlTypeName name = unit != null && unit.equalsIgnoreCase("epoch") ? SqlTypeName.DOUBLE : SqlTypeName.BIGINT;
        return factory.createTypeWithNullability(factory.createSqlType(name), binding.getOperandType(1).isNullable());
    }
}
