package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlPostfixOperator;
import org.apache.calcite.sql.SqlPrefixOperator;
import org.apache.calcite.sql.fun.SqlAbstractTimeFunction;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * DuckDB's binary operators that Calcite lacks, as the parser builds them ({@code parserImpls.ftl}):
 * {@code a // b} (integer division), {@code a ** b} and {@code a ^ b} (power), {@code a [NOT] GLOB
 * pattern}. {@code ==} and the LIKE spellings {@code ~~}, {@code !~~}, {@code ~~*}, {@code !~~*}
 * map to Calcite's own operators in the grammar.
 */
public final class DuckDbOperators {
    /**
     * {@code a // b}: integer operands give their common integer type, truncated toward zero (an
     * error for a zero divisor, as DuckDB 2.0 raises); other numbers divide as {@code /} does, in DOUBLE.
     */
    public static final SqlBinaryOperator INTEGER_DIVIDE = new TypedBinaryOperator(
            "//", SqlKind.DIVIDE, 60, DuckDbOperators::integerDivideType, OperandTypes.NUMERIC_NUMERIC);

    /**
     * {@code a % b} (and {@code mod(a, b)}, rewritten to it): the remainder in the type DuckDB gives
     * it — integers in their common integer type ({@code BIGINT % TINYINT} is a BIGINT, where
     * Calcite takes the divisor's type), a REAL or DOUBLE operand makes it a REAL or DOUBLE (Calcite
     * takes only exact numbers, so {@code 1e20::DOUBLE % 7} was cast to a DECIMAL that could not hold
     * it), DECIMALs in their common DECIMAL ({@code QuiverTypeSystem.deriveDecimalModType}).
     */
    public static final SqlBinaryOperator MODULO =
            new TypedBinaryOperator("%", SqlKind.MOD, 60, DuckDbOperators::moduloType, OperandTypes.NUMERIC_NUMERIC);

    /**
     * {@code a ** b} and {@code a ^ b}: {@code power(a, b)}. Precedence 70, left-associative, as in
     * DuckDB: tighter than {@code *} ({@code 2 * 3 ** 2 = 18}), looser than a sign
     * ({@code -2 ** 2 = 4}), {@code 2 ** 3 ** 2 = 64}.
     */
    public static final SqlBinaryOperator POWER = new PowerOperator();

    /**
     * DuckDB's {@code add(a, b)}, {@code subtract(a, b)}, {@code multiply(a, b)} and
     * {@code divide(a, b)} (integer division of integers, as {@code //}), {@code mod(a, b)} (as
     * {@code %}), and {@code add(a)},
     * {@code subtract(a)} (negation): the operators as functions, rewritten to them before validation.
     */
    public static final List<SqlFunction> ARITHMETIC_FUNCTIONS = List.of(
            new ArithmeticFunction("ADD", SqlStdOperatorTable.PLUS, SqlStdOperatorTable.UNARY_PLUS),
            new ArithmeticFunction("SUBTRACT", SqlStdOperatorTable.MINUS, SqlStdOperatorTable.UNARY_MINUS),
            new ArithmeticFunction("MULTIPLY", SqlStdOperatorTable.MULTIPLY, null),
            new ArithmeticFunction("DIVIDE", INTEGER_DIVIDE, null),
            new ArithmeticFunction("MOD", MODULO, null));

    /** DuckDB's {@code a ~ regex}: whether the regular expression matches somewhere in a. */
    public static final SqlBinaryOperator REGEXP_MATCH = new RegexpMatchOperator("~", false);

    /** DuckDB's {@code a !~ regex}: whether it matches nowhere. */
    public static final SqlBinaryOperator NOT_REGEXP_MATCH = new RegexpMatchOperator("!~", true);

    /** {@code a GLOB pattern}: a shell-style match of the whole string. */
    public static final SqlBinaryOperator GLOB = new GlobOperator("GLOB", false);

    /** {@code a NOT GLOB pattern}. */
    public static final SqlBinaryOperator NOT_GLOB = new GlobOperator("NOT GLOB", true);

    /** {@code a | b}: bitwise OR of two integers, at the precedence of Calcite's {@code &}. */
    public static final SqlBinaryOperator BIT_OR =
            new BitOperator("|", ReturnTypes.LEAST_RESTRICTIVE.andThen(SqlTypeTransforms.TO_NULLABLE));

    /** {@code a >> b}: a shifted right by b bits (sign-extending), at the precedence of Calcite's {@code <<}. */
    public static final SqlBinaryOperator BIT_RIGHT_SHIFT = new BitOperator(">>", ReturnTypes.ARG0_NULLABLE);

    /** {@code if(condition, a, b)}: DuckDB's short CASE; typed and run as the CASE it becomes. */
    public static final SqlFunction IF = new IfFunction();

    /** {@code ifnull(a, b)}: DuckDB's two-argument coalesce. */
    public static final SqlFunction IFNULL = new IfNullFunction();

    /**
     * DuckDB's prefix {@code ~x}: bitwise NOT of an integer, in its own type. The parser builds the
     * call with its operand ({@code BitNotCall}); the precedence only decides parentheses when unparsed.
     */
    public static final SqlPrefixOperator BIT_NOT = new BitNotOperator();

    /**
     * DuckDB's postfix {@code n!}: {@code factorial(n)}. Precedence 90, as in the DuckDB of the
     * oracle tighter than arithmetic and signs ({@code 2 * 3!} is {@code 2 * (3!)}, {@code -3!} is
     * {@code -(3!)}) but looser than {@code ::} (94: {@code NULL::INTEGER!}).
     */
    public static final SqlPostfixOperator FACTORIAL = new FactorialOperator();

    /**
     * DuckDB's {@code current_timestamp}: the statement's start as a TIMESTAMP WITH TIME ZONE with
     * microseconds (Calcite's operator is a TIMESTAMP of whole seconds).
     */
    public static final SqlFunction CURRENT_TIMESTAMP = new CurrentTimestamp();

    private DuckDbOperators() {}

    /** {@link #CURRENT_TIMESTAMP}: called without parentheses, as Calcite's. */
    private static final class CurrentTimestamp extends SqlAbstractTimeFunction {
        CurrentTimestamp() {
            super("CURRENT_TIMESTAMP", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        }

        @Override
        public RelDataType inferReturnType(SqlOperatorBinding binding) {
            return binding.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6);
        }
    }

    private static RelDataType integerDivideType(SqlOperatorBinding binding) {
        RelDataType left = binding.getOperandType(0);
        RelDataType right = binding.getOperandType(1);
        RelDataTypeFactory factory = binding.getTypeFactory();
        boolean nullable = left.isNullable() || right.isNullable();
        if (SqlTypeUtil.isIntType(left) && SqlTypeUtil.isIntType(right)) {
            RelDataType common = factory.leastRestrictive(List.of(left, right));
            if (common != null) {
                return factory.createTypeWithNullability(common, nullable);
            }
        }
        if ((DuckDbReturnTypes.isHugeint(left) || SqlTypeUtil.isIntType(left))
                && (DuckDbReturnTypes.isHugeint(right) || SqlTypeUtil.isIntType(right))) {
            // DuckDB's HUGEINT // integer stays a HUGEINT (Quiver's DECIMAL(38,0)); other DECIMALs divide as DOUBLE
            return factory.createTypeWithNullability(
                    factory.createSqlType(SqlTypeName.DECIMAL, DuckDbReturnTypes.HUGEINT_DIGITS, 0), nullable);
        }
        return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE), nullable);
    }

    private static RelDataType moduloType(SqlOperatorBinding binding) {
        RelDataType left = binding.getOperandType(0);
        RelDataType right = binding.getOperandType(1);
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType type;
        if (SqlTypeUtil.isApproximateNumeric(left) || SqlTypeUtil.isApproximateNumeric(right)) {
            type = factory.createSqlType(isDouble(left) || isDouble(right) ? SqlTypeName.DOUBLE : SqlTypeName.REAL);
        } else if (SqlTypeUtil.isDecimal(left) || SqlTypeUtil.isDecimal(right)) {
            type = factory.getTypeSystem().deriveDecimalModType(factory, left, right);
        } else {
            type = factory.leastRestrictive(List.of(left, right));
        }
        if (type == null || type.getSqlTypeName() == SqlTypeName.NULL) {
            // a NULL operand takes the other's type (DuckDB's 7 % NULL is an INTEGER), two are a BIGINT
            type = left.getSqlTypeName() != SqlTypeName.NULL
                    ? left
                    : right.getSqlTypeName() != SqlTypeName.NULL ? right : factory.createSqlType(SqlTypeName.BIGINT);
        }
        return factory.createTypeWithNullability(type, left.isNullable() || right.isNullable());
    }

    /** DOUBLE, or Calcite's FLOAT, which is double precision too (REAL is DuckDB's FLOAT). */
    private static boolean isDouble(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.DOUBLE || type.getSqlTypeName() == SqlTypeName.FLOAT;
    }

    /**
     * A binary operator typed here, not looked up by name in the operator table (which has no
     * {@code //}, and Calcite's own {@code %} there would take its place).
     */
    private static class TypedBinaryOperator extends SqlBinaryOperator {
        TypedBinaryOperator(
                String name,
                SqlKind kind,
                int precedence,
                SqlReturnTypeInference type,
                SqlOperandTypeChecker operands) {
            super(name, kind, precedence, true, type, InferTypes.FIRST_KNOWN, operands);
        }

        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                validator.deriveType(scope, operand);
            }
            return validateOperands(validator, scope, call);
        }

        /**
         * A string operand of {@code //} or {@code %} takes the other operand's number type first, as
         * Calcite does for {@code +} ({@code '7' // 2} is 3, not 3.5 from a string read as DECIMAL).
         */
        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            if (binding.isTypeCoercionEnabled()) {
                binding.getValidator().getTypeCoercion().binaryArithmeticCoercion(binding);
            }
            return super.checkOperandTypes(binding, throwOnFailure);
        }
    }

    /** {@code ~x}; typed here, not looked up by name in the operator table. */
    private static final class BitNotOperator extends SqlPrefixOperator {
        BitNotOperator() {
            super(
                    "~",
                    SqlKind.OTHER,
                    SqlStdOperatorTable.EQUALS.getLeftPrec() + 2,
                    ReturnTypes.ARG0_NULLABLE,
                    InferTypes.RETURN_TYPE,
                    OperandTypes.family(SqlTypeFamily.INTEGER));
        }

        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            validator.deriveType(scope, call.operand(0));
            return validateOperands(validator, scope, call);
        }
    }

    /** {@code n!}; typed here (as factorial: HUGEINT), not looked up by name in the operator table. */
    private static final class FactorialOperator extends SqlPostfixOperator {
        FactorialOperator() {
            super(
                    "!",
                    SqlKind.OTHER,
                    90,
                    DuckDbReturnTypes.HUGEINT,
                    InferTypes.RETURN_TYPE,
                    OperandTypes.family(SqlTypeFamily.INTEGER));
        }

        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            validator.deriveType(scope, call.operand(0));
            return validateOperands(validator, scope, call);
        }
    }

    /** A bitwise operator of two integers; typed here, not looked up by name in the operator table. */
    private static final class BitOperator extends TypedBinaryOperator {
        BitOperator(String name, SqlReturnTypeInference returnType) {
            super(
                    name,
                    SqlKind.OTHER,
                    (name.equals("|") ? SqlStdOperatorTable.BITAND_OPERATOR : SqlStdOperatorTable.BIT_LEFT_SHIFT)
                                    .getLeftPrec()
                            & ~1,
                    returnType,
                    OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER));
        }
    }

    /** Becomes {@code power(a, b)} as the validator starts, so it types and runs as that function. */
    private static final class PowerOperator extends SqlBinaryOperator {
        PowerOperator() {
            super(
                    "**",
                    SqlKind.OTHER,
                    70,
                    true,
                    ReturnTypes.DOUBLE_NULLABLE,
                    InferTypes.FIRST_KNOWN,
                    OperandTypes.NUMERIC_NUMERIC);
        }

        @Override
        public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
            return SqlStdOperatorTable.POWER.createCall(call.getParserPosition(), call.operand(0), call.operand(1));
        }
    }

    /** Becomes {@code CASE WHEN condition THEN a ELSE b END} as the validator starts. */
    private static final class IfFunction extends SqlFunction {
        IfFunction() {
            super(
                    "IF",
                    SqlKind.OTHER_FUNCTION,
                    ReturnTypes.LEAST_RESTRICTIVE,
                    null,
                    OperandTypes.family(SqlTypeFamily.BOOLEAN, SqlTypeFamily.ANY, SqlTypeFamily.ANY),
                    SqlFunctionCategory.SYSTEM);
        }

        @Override
        public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
            SqlParserPos pos = call.getParserPosition();
            return new SqlCase(
                    pos, null, SqlNodeList.of(call.operand(0)), SqlNodeList.of(call.operand(1)), call.operand(2));
        }
    }

    /** Becomes {@code COALESCE(a, b)} (so a CASE) as the validator starts, so it types and coerces as that does. */
    private static final class IfNullFunction extends SqlFunction {
        IfNullFunction() {
            super(
                    "IFNULL",
                    SqlKind.OTHER_FUNCTION,
                    ReturnTypes.LEAST_RESTRICTIVE,
                    null,
                    OperandTypes.ANY_ANY,
                    SqlFunctionCategory.SYSTEM);
        }

        @Override
        public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
            // COALESCE's own rewrite (into CASE) too: the validator does not rewrite what a rewrite returns
            SqlCall coalesce = SqlStdOperatorTable.COALESCE.createCall(call.getParserPosition(), call.getOperandList());
            return SqlStdOperatorTable.COALESCE.rewriteCall(validator, coalesce);
        }
    }

    /** One of {@link #ARITHMETIC_FUNCTIONS}; a call of another arity stays and fails its operand check. */
    private static final class ArithmeticFunction extends SqlFunction {
        private final SqlOperator binary;
        private final SqlOperator unary;

        ArithmeticFunction(String name, SqlOperator binary, SqlOperator unary) {
            super(
                    name,
                    SqlKind.OTHER_FUNCTION,
                    ReturnTypes.LEAST_RESTRICTIVE,
                    null,
                    unary == null
                            ? OperandTypes.NUMERIC_NUMERIC
                            : OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_NUMERIC),
                    SqlFunctionCategory.NUMERIC);
            this.binary = binary;
            this.unary = unary;
        }

        @Override
        public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
            SqlParserPos pos = call.getParserPosition();
            SqlNode first = call.operand(0); // typed, or javac picks createCall(pos, List) for operand(0)
            return switch (call.operandCount()) {
                case 1 -> unary == null ? call : unary.createCall(pos, first);
                case 2 -> binary.createCall(pos, call.operand(0), call.operand(1));
                default -> call;
            };
        }
    }

    /** Becomes {@code [NOT] regexp_matches(a, regex)} as the validator starts. */
    private static final class RegexpMatchOperator extends SqlBinaryOperator {
        private final boolean negated;

        RegexpMatchOperator(String name, boolean negated) {
            super(
                    name,
                    SqlKind.OTHER,
                    SqlStdOperatorTable.LIKE.getLeftPrec() & ~1, // Calcite asserts an even precedence
                    true,
                    ReturnTypes.BOOLEAN_NULLABLE,
                    InferTypes.FIRST_KNOWN,
                    OperandTypes.STRING_STRING);
            this.negated = negated;
        }

        @Override
        public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
            SqlParserPos pos = call.getParserPosition();
            SqlNode match = BuiltinFunctions.operator("regexp_matches").createCall(pos, call.getOperandList());
            return negated ? SqlStdOperatorTable.NOT.createCall(pos, match) : match;
        }
    }

    /**
     * Becomes {@code regexp_matches(a, regex)} as the validator starts, the glob pattern translated
     * into an anchored regular expression ({@link #globRegex}); so the pattern must be a constant.
     */
    private static final class GlobOperator extends SqlBinaryOperator {
        private final boolean negated;

        GlobOperator(String name, boolean negated) {
            super(
                    name,
                    SqlKind.OTHER,
                    32,
                    true,
                    ReturnTypes.BOOLEAN_NULLABLE,
                    InferTypes.FIRST_KNOWN,
                    OperandTypes.STRING_STRING);
            this.negated = negated;
        }

        @Override
        public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
            SqlParserPos pos = call.getParserPosition();
            if (!(call.operand(1) instanceof SqlCharStringLiteral pattern)) {
                SqlParserPos at = call.operand(1).getParserPosition();
                throw new QuiverException(
                        ErrorCode.UNSUPPORTED,
                        "GLOB needs a constant string pattern; for a pattern from a column use"
                                + " regexp_full_match or LIKE",
                        at.getLineNum(),
                        at.getColumnNum(),
                        null);
            }
            SqlNode regex = SqlLiteral.createCharString(globRegex(pattern.getValueAs(String.class)), pos);
            SqlNode matches = BuiltinFunctions.operator("regexp_matches").createCall(pos, call.operand(0), regex);
            return negated ? SqlStdOperatorTable.NOT.createCall(pos, matches) : matches;
        }
    }

    /**
     * A Java regular expression that matches what the glob pattern matches, as DuckDB reads it:
     * {@code *} any text (newlines too), {@code ?} one character, {@code [abc]} / {@code [a-c]} a
     * class and {@code [!abc]} its complement, a backslash takes the next character literally;
     * a {@code [} without its {@code ]} matches nothing.
     *
     * <p>Each piece between two {@code *} matches a fixed number of characters, so taking its leftmost
     * occurrence is optimal: such a piece becomes an atomic group {@code (?>.*?piece)} that is never
     * retried. A plain {@code .*} per star backtracks exponentially ({@code 'aaa…c' GLOB '*a*a*…*b'}
     * ran for minutes and ignored cancel); only the piece after the last star backtracks, linearly.
     */
    static String globRegex(String glob) {
        StringBuilder regex = new StringBuilder("(?s)\\A");
        int lastStar = lastStar(glob);
        boolean inPiece = false;
        int index = 0;
        while (index < glob.length()) {
            char c = glob.charAt(index);
            if (c == '*') {
                if (inPiece) {
                    regex.append(')');
                    inPiece = false;
                }
                if (index == lastStar) {
                    regex.append(".*");
                } else if (glob.charAt(index + 1) != '*') {
                    regex.append("(?>.*?");
                    inPiece = true;
                }
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '\\' && index + 1 < glob.length()) {
                index++;
                literal(regex, glob.charAt(index));
            } else if (c == '[') {
                int from = index + 1;
                boolean complement = from < glob.length() && glob.charAt(from) == '!';
                if (complement) {
                    from++;
                }
                int close = glob.indexOf(']', from + 1); // a ] right after [ is a member
                if (close < 0) {
                    return "(?!)"; // DuckDB: a class without its ] never matches
                }
                regex.append(complement ? "[^" : "[");
                for (int member = from; member < close; member++) {
                    char m = glob.charAt(member);
                    if (m == '-' && member > from && member + 1 < close) {
                        regex.append('-');
                    } else {
                        literal(regex, m);
                    }
                }
                regex.append(']');
                index = close;
            } else {
                literal(regex, c);
            }
            index++;
        }
        return regex.append("\\z").toString();
    }

    /** The position of the glob's last {@code *} wildcard (not escaped, not in a class); -1 if none. */
    private static int lastStar(String glob) {
        int last = -1;
        for (int index = 0; index < glob.length(); index++) {
            char c = glob.charAt(index);
            if (c == '*') {
                last = index;
            } else if (c == '\\') {
                index++;
            } else if (c == '[') {
                int from = index + 1 < glob.length() && glob.charAt(index + 1) == '!' ? index + 2 : index + 1;
                int close = glob.indexOf(']', from + 1);
                if (close < 0) {
                    return last;
                }
                index = close;
            }
        }
        return last;
    }

    private static void literal(StringBuilder regex, char c) {
        if (Character.isLetterOrDigit(c)) {
            regex.append(c);
        } else {
            regex.append('\\').append(c);
        }
    }
}
