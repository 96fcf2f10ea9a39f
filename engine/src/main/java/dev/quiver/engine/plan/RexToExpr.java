package dev.quiver.engine.plan;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.ArithmeticExpr;
import dev.quiver.engine.exec.expr.CaseConversionExpr;
import dev.quiver.engine.exec.expr.CaseExpr;
import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.ComparisonExpr;
import dev.quiver.engine.exec.expr.ConcatExpr;
import dev.quiver.engine.exec.expr.ConstantFolder;
import dev.quiver.engine.exec.expr.DateAddExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.InListExpr;
import dev.quiver.engine.exec.expr.IntervalArithmeticExpr;
import dev.quiver.engine.exec.expr.LikeExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.LogicalExpr;
import dev.quiver.engine.exec.expr.NegateExpr;
import dev.quiver.engine.exec.expr.NestedConstructorExpr;
import dev.quiver.engine.exec.expr.NestedItemExpr;
import dev.quiver.engine.exec.expr.NotExpr;
import dev.quiver.engine.exec.expr.NullTestExpr;
import dev.quiver.engine.exec.expr.ParameterExpr;
import dev.quiver.engine.exec.expr.TryCastExpr;
import dev.quiver.engine.exec.expr.lists.LambdaBody;
import dev.quiver.engine.exec.expr.lists.ListConcatExpr;
import dev.quiver.engine.exec.expr.support.ZonedTimes;
import dev.quiver.engine.exec.vector.Interval;
import dev.quiver.engine.function.ArrayOperands;
import dev.quiver.engine.function.BuiltinFunction;
import dev.quiver.engine.function.BuiltinFunctions;
import dev.quiver.engine.function.DuckDbOperators;
import dev.quiver.engine.function.FloatingPointMode;
import dev.quiver.engine.function.KernelCall;
import dev.quiver.engine.function.StatementTime;
import dev.quiver.engine.sql.LambdaCaptures;
import dev.quiver.engine.type.TypeMapping;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLambda;
import org.apache.calcite.rex.RexLambdaRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Translates a Calcite {@link RexNode} — already validated and typed — into a runtime {@link Expr}:
 * the one place row expressions cross from the planner to the runtime.
 *
 * <p>Every call computes in the type Calcite inferred for it. Constant subexpressions are folded
 * ({@link ConstantFolder}). {@code SEARCH} over points becomes an IN list, any other Sarg is
 * expanded into comparisons. An operator the runtime has no kernel for is UNSUPPORTED, naming it.
 * Stateless and thread-safe.
 */
public final class RexToExpr {
    private static final String RESULT_NAME = "$expr";
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private RexToExpr() {}

    /**
     * The runtime expression for {@code node}, over input columns of the given fields.
     *
     * @throws QuiverException UNSUPPORTED for operators, types and constructs without a kernel
     */
    public static Expr translate(RexNode node, List<Field> inputFields) {
        return new Translation(inputFields, null, Map.of()).translate(node);
    }

    /**
     * One translation: the input columns it refers to. Inside a lambda body the batch is one of list
     * elements, whose columns are the lambda's parameters and then the values it captures:
     * {@code inputColumns} says where each captured input column went (null outside lambdas) and
     * {@code lambdaParameters} holds the columns of the parameters in scope, by name.
     */
    private record Translation(List<Field> inputFields, int[] inputColumns, Map<String, ColumnExpr> lambdaParameters) {

        Expr translate(RexNode node) {
            return switch (node) {
                case RexInputRef reference -> column(reference);
                case RexLambdaRef parameter -> lambdaParameter(parameter);
                case RexLiteral literal -> literal(literal);
                case RexDynamicParam parameter ->
                    new ParameterExpr(parameter.getIndex(), TypeMapping.toField(RESULT_NAME, parameter.getType()));
                case RexCall call -> ConstantFolder.fold(call(call));
                case RexFieldAccess access
                when !(access.getReferenceExpr() instanceof RexCorrelVariable) ->
                    new NestedItemExpr(
                            translate(access.getReferenceExpr()),
                            new LiteralExpr(
                                    new Field(RESULT_NAME, FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
                                    access.getField().getName()),
                            TypeMapping.toField(RESULT_NAME, access.getType()));
                default ->
                    throw unsupported(
                            node.getKind() == SqlKind.CORREL_VARIABLE || node.getKind() == SqlKind.FIELD_ACCESS
                                    ? "correlated references"
                                    : "the expression " + node);
            };
        }

        /**
         * {@code container[subscript]}; a MAP's key is first cast to the map's key type, as DuckDB
         * looks keys up ({@code m[2::TINYINT]} in a map with INTEGER keys finds key 2).
         */
        private static Expr item(Expr container, Expr subscript, Field result) {
            Field map = container.field();
            if (map.getType() instanceof ArrowType.Map
                    && !map.getChildren().isEmpty()
                    && !(subscript.field().getType() instanceof ArrowType.Null)) {
                Field key = map.getChildren().getFirst().getChildren().getFirst();
                subscript = new CastExpr(
                        subscript,
                        new Field(RESULT_NAME, FieldType.nullable(key.getType()), key.getChildren()),
                        StatementTime.current().zone());
            }
            return new NestedItemExpr(container, subscript, result);
        }

        private List<Expr> translateAll(List<RexNode> nodes) {
            List<Expr> translated = new ArrayList<>(nodes.size());
            for (RexNode node : nodes) {
                translated.add(translate(node));
            }
            return translated;
        }

        private Expr column(RexInputRef reference) {
            int index = reference.getIndex();
            if (index < 0 || index >= inputFields.size()) {
                throw QuiverException.internal(
                        "input reference $" + index + " outside the " + inputFields.size() + " input columns", null);
            }
            if (inputColumns != null) {
                return new ColumnExpr(inputColumns[index], inputFields.get(index));
            }
            return new ColumnExpr(index, inputFields.get(index));
        }

        private Expr lambdaParameter(RexLambdaRef parameter) {
            ColumnExpr column = lambdaParameters.get(parameter.getName());
            if (column == null) {
                throw QuiverException.internal("lambda parameter " + parameter.getName() + " out of scope", null);
            }
            return column;
        }

        /**
         * A lambda operand as a body over a batch of list elements: its parameters first, then every
         * value of the enclosing scope the body reads (input columns, enclosing lambdas' parameters),
         * which the kernel repeats for each element of their row.
         */
        private LambdaBody lambda(RexLambda lambda, List<RexNode> capturedOperands) {
            List<Field> parameters = new ArrayList<>();
            Map<String, ColumnExpr> scope = new HashMap<>();
            List<RexLambdaRef> capturedParameters = new ArrayList<>();
            for (RexLambdaRef parameter : lambda.getParameters()) {
                if (LambdaCaptures.isCaptured(parameter.getName())) {
                    capturedParameters.add(parameter);
                    continue;
                }
                Field field = TypeMapping.toField(parameter.getName(), parameter.getType());
                scope.put(parameter.getName(), new ColumnExpr(parameters.size(), field));
                parameters.add(field);
            }
            // the values the call passes for the captured parameters come first after the parameters
            List<Expr> captured = new ArrayList<>();
            for (int index = 0; index < capturedParameters.size(); index++) {
                Expr outer = translate(capturedOperands.get(index));
                scope.put(
                        capturedParameters.get(index).getName(),
                        new ColumnExpr(parameters.size() + captured.size(), outer.field()));
                captured.add(outer);
            }
            Map<String, RexNode> free = new LinkedHashMap<>();
            collectFree(lambda.getExpression(), scope.keySet(), free);
            int[] columns = new int[inputFields.size()];
            Arrays.fill(columns, -1);
            for (RexNode value : free.values()) {
                Expr outer = translate(value);
                int column = parameters.size() + captured.size();
                captured.add(outer);
                if (value instanceof RexInputRef reference) {
                    columns[reference.getIndex()] = column;
                } else {
                    scope.put(((RexLambdaRef) value).getName(), new ColumnExpr(column, outer.field()));
                }
            }
            Expr body = new Translation(inputFields, columns, scope).translate(lambda.getExpression());
            return new LambdaBody(body, parameters, captured);
        }

        /** The input columns and enclosing lambda parameters {@code node} reads, each once, in order. */
        private void collectFree(RexNode node, Set<String> own, Map<String, RexNode> free) {
            switch (node) {
                case RexInputRef reference -> free.putIfAbsent("$" + reference.getIndex(), reference);
                case RexLambdaRef parameter -> {
                    if (!own.contains(parameter.getName()) && lambdaParameters.containsKey(parameter.getName())) {
                        free.putIfAbsent("λ" + parameter.getName(), parameter);
                    }
                }
                case RexCall call -> call.getOperands().forEach(operand -> collectFree(operand, own, free));
                case RexLambda inner -> collectFree(inner.getExpression(), own, free);
                default -> {}
            }
        }

        /** A built-in function's kernel (found by operator), else an operator translated by its kind. */
        private Expr call(RexCall call) {
            BuiltinFunction builtin = BuiltinFunctions.forOperator(call.getOperator());
            if (builtin != null && builtin.hasKernel()) {
                return builtin.kernel(new KernelCall(
                        call,
                        builtin.takesArrays() ? this::translate : ArrayOperands.listOperands(call, this::translate),
                        this::lambda));
            }
            Expr clock = clock(call);
            if (clock != null) {
                return clock;
            }
            Expr interval = intervalArithmetic(call);
            if (interval != null) {
                return interval;
            }
            List<RexNode> operands = call.getOperands();
            SqlKind kind = call.getKind();
            if (call.getOperator() == DuckDbOperators.INTEGER_DIVIDE
                    && call.getType().getSqlTypeName() == SqlTypeName.DECIMAL) {
                return hugeintDivide(call);
            }
            return switch (kind) {
                case PLUS, MINUS, TIMES, DIVIDE, MOD ->
                    isDatetime(call.getType())
                            ? dateArithmetic(call)
                            : new ArithmeticExpr(
                                    arithmeticOperator(kind),
                                    translate(operands.get(0)),
                                    translate(operands.get(1)),
                                    result(call),
                                    // DuckDB 2.0: // by zero is an error even for DOUBLEs; / and % only with IEEE off
                                    !FloatingPointMode.ieee() || call.getOperator() == DuckDbOperators.INTEGER_DIVIDE);
                case MINUS_PREFIX -> new NegateExpr(translate(operands.getFirst()), result(call));
                case PLUS_PREFIX -> translate(operands.getFirst());
                case EQUALS,
                        NOT_EQUALS,
                        LESS_THAN,
                        LESS_THAN_OR_EQUAL,
                        GREATER_THAN,
                        GREATER_THAN_OR_EQUAL,
                        IS_DISTINCT_FROM,
                        IS_NOT_DISTINCT_FROM ->
                    new ComparisonExpr(
                            comparisonOperator(kind),
                            translate(operands.get(0)),
                            translate(operands.get(1)),
                            result(call));
                case AND, OR -> {
                    List<RexNode> flattened = new ArrayList<>();
                    flatten(call, kind, flattened);
                    yield new LogicalExpr(
                            kind == SqlKind.AND ? LogicalExpr.Operator.AND : LogicalExpr.Operator.OR,
                            translateAll(flattened),
                            result(call));
                }
                case NOT -> new NotExpr(translate(operands.getFirst()), result(call));
                case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE ->
                    new NullTestExpr(
                            NullTestExpr.Test.valueOf(kind.name()), translate(operands.getFirst()), result(call));
                case IS_UNKNOWN ->
                    new NullTestExpr(NullTestExpr.Test.IS_NULL, translate(operands.getFirst()), result(call));
                case CASE -> caseWhen(call);
                case CAST ->
                    new CastExpr(
                            translate(operands.getFirst()),
                            result(call),
                            StatementTime.current().zone());
                case SAFE_CAST ->
                    new TryCastExpr(
                            translate(operands.getFirst()),
                            result(call),
                            StatementTime.current().zone());
                case ITEM -> item(translate(operands.get(0)), translate(operands.get(1)), result(call));
                case ARRAY_VALUE_CONSTRUCTOR ->
                    new NestedConstructorExpr(NestedConstructorExpr.Shape.LIST, translateAll(operands), result(call));
                case ROW ->
                    new NestedConstructorExpr(NestedConstructorExpr.Shape.STRUCT, translateAll(operands), result(call));
                case MAP_VALUE_CONSTRUCTOR ->
                    new NestedConstructorExpr(NestedConstructorExpr.Shape.MAP, translateAll(operands), result(call));
                case LIKE -> like(call);
                case SEARCH -> search(call);
                case BETWEEN -> {
                    Expr value = translate(operands.get(0));
                    Field bool = result(call);
                    yield new LogicalExpr(
                            LogicalExpr.Operator.AND,
                            List.of(
                                    new ComparisonExpr(
                                            ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL,
                                            value,
                                            translate(operands.get(1)),
                                            bool),
                                    new ComparisonExpr(
                                            ComparisonExpr.Operator.LESS_THAN_OR_EQUAL,
                                            value,
                                            translate(operands.get(2)),
                                            bool)),
                            bool);
                }
                default -> {
                    if (call instanceof RexSubQuery && !lambdaParameters.isEmpty()) {
                        // the decorrelation rules do not look into lambda bodies; DuckDB refuses these too
                        throw new QuiverException(
                                ErrorCode.INVALID_QUERY,
                                "subqueries in lambda expressions are not supported: compute the value in a CTE"
                                        + " or a join and use its column in the lambda");
                    }
                    if (call.getOperator() != SqlStdOperatorTable.CONCAT) { // ||, which has no kind of its own
                        throw unsupported("function " + call.getOperator().getName());
                    }
                    List<RexNode> flattened = new ArrayList<>();
                    flattenConcat(call, flattened);
                    if (call.getType().getSqlTypeName() == SqlTypeName.ARRAY) {
                        // list || list, as DuckDB: list_concat, except that a NULL list makes NULL
                        Field list = ArrayOperands.asList(result(call));
                        List<Expr> lists = new ArrayList<>();
                        for (Expr translated : translateAll(flattened)) {
                            Expr operand = ArrayOperands.asList(translated);
                            if (operand.field().getType() instanceof ArrowType.Null) {
                                lists.add(new LiteralExpr(list, null)); // an untyped NULL: a NULL list
                                continue;
                            }
                            boolean sameElements = operand.field()
                                    .getChildren()
                                    .getFirst()
                                    .getType()
                                    .equals(list.getChildren().getFirst().getType());
                            lists.add(sameElements ? operand : new CastExpr(operand, list));
                        }
                        yield new ListConcatExpr("||", lists, new boolean[lists.size()], true, list);
                    }
                    yield new ConcatExpr(translateAll(flattened), result(call));
                }
            };
        }

        private Expr caseWhen(RexCall call) {
            List<RexNode> operands = call.getOperands();
            List<Expr> conditions = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            for (int pair = 0; pair < operands.size() / 2; pair++) {
                conditions.add(translate(operands.get(2 * pair)));
                values.add(translate(operands.get(2 * pair + 1)));
            }
            Expr otherwise = operands.size() % 2 == 1 ? translate(operands.getLast()) : null;
            return new CaseExpr(conditions, values, otherwise, result(call));
        }

        private Expr like(RexCall call) {
            List<RexNode> operands = call.getOperands();
            SqlLikeOperator like = (SqlLikeOperator) call.getOperator();
            Expr value = translate(operands.get(0));
            Expr pattern = translate(operands.get(1));
            if (!like.isCaseSensitive()) {
                // ILIKE (and DuckDB's ~~*): LIKE over both sides in lower case
                value = new CaseConversionExpr(false, value, value.field());
                pattern = new CaseConversionExpr(false, pattern, pattern.field());
            }
            return new LikeExpr(
                    value,
                    pattern,
                    operands.size() > 2 ? translate(operands.get(2)) : null,
                    like.isNegated(),
                    result(call));
        }

        // -------------------------------------------------------------- dates

        /**
         * HUGEINT {@code a // b} (a DECIMAL(38,0) result): truncated toward zero as DuckDB's, computed
         * exactly as {@code (a - a % b) / b} — DECIMAL division alone rounds half away from zero.
         */
        private Expr hugeintDivide(RexCall call) {
            Expr dividend = translate(call.getOperands().get(0));
            Expr divisor = translate(call.getOperands().get(1));
            Field result = result(call);
            Expr remainder = new ArithmeticExpr(ArithmeticExpr.Operator.MODULO, dividend, divisor, result, true);
            Expr whole = new ArithmeticExpr(ArithmeticExpr.Operator.SUBTRACT, dividend, remainder, result);
            return new ArithmeticExpr(ArithmeticExpr.Operator.DIVIDE, whole, divisor, result, true);
        }

        /**
         * CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_TIME and LOCALTIME: the statement's
         * start in the session's time zone, the same for every row; null for any other call.
         */
        private static Expr clock(RexCall call) {
            SqlOperator operator = call.getOperator();
            boolean clock = operator == SqlStdOperatorTable.CURRENT_DATE
                    || operator == SqlStdOperatorTable.CURRENT_TIMESTAMP
                    || operator == SqlStdOperatorTable.LOCALTIMESTAMP
                    || operator == SqlStdOperatorTable.CURRENT_TIME
                    || operator == SqlStdOperatorTable.LOCALTIME;
            if (!clock) {
                return null;
            }
            StatementTime time = StatementTime.current();
            long local = ZonedTimes.toLocal(time.startMicros(), time.zone());
            long microsPerDay = 86_400_000_000L;
            Object value = switch (call.getType().getSqlTypeName()) {
                case DATE -> Math.floorDiv(local, microsPerDay);
                case TIME -> Math.floorMod(local, microsPerDay);
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> time.startMicros();
                default -> local;
            };
            return new LiteralExpr(result(call), value);
        }

        /**
         * Arithmetic with an INTERVAL operand or result, per row: INTERVAL ± INTERVAL, INTERVAL *
         * n, INTERVAL / n, -INTERVAL, TIMESTAMP − TIMESTAMP, and DATE/TIMESTAMP ± an interval that is no
         * constant (constants go to {@link #dateArithmetic}); null for any other call.
         */
        private Expr intervalArithmetic(RexCall call) {
            boolean anyInterval = isInterval(call.getType())
                    || call.getOperands().stream().anyMatch(operand -> isInterval(operand.getType()));
            IntervalArithmeticExpr.Operator operator = switch (call.getKind()) {
                case PLUS, CHECKED_PLUS -> IntervalArithmeticExpr.Operator.PLUS;
                case MINUS, CHECKED_MINUS -> IntervalArithmeticExpr.Operator.MINUS;
                case TIMES, CHECKED_TIMES -> IntervalArithmeticExpr.Operator.TIMES;
                case DIVIDE, CHECKED_DIVIDE ->
                    isInterval(call.getOperands().get(0).getType()) ? IntervalArithmeticExpr.Operator.DIVIDE : null;
                case MINUS_PREFIX, CHECKED_MINUS_PREFIX -> IntervalArithmeticExpr.Operator.NEGATE;
                default -> null;
            };
            if (!anyInterval || operator == null) {
                return null;
            }
            if (isDatetime(call.getType())) {
                RexNode interval = isInterval(call.getOperands().get(0).getType())
                        ? call.getOperands().get(0)
                        : call.getOperands().get(1);
                RexNode factor = variableFactor(interval);
                if (isConstantInterval(factor == null ? interval : factorUnit((RexCall) interval, factor))) {
                    return dateArithmetic(call);
                }
                if (call.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                    throw unsupported("TIMESTAMPTZ plus an interval that is not a constant");
                }
            }
            List<Expr> operands = new ArrayList<>();
            for (RexNode operand : call.getOperands()) {
                operands.add(translate(operand));
            }
            return new IntervalArithmeticExpr(
                    operator, operands.get(0), operands.size() > 1 ? operands.get(1) : null, result(call));
        }

        /** The interval of {@code n * INTERVAL} whose factor is {@code factor}. */
        private static RexNode factorUnit(RexCall product, RexNode factor) {
            return product.getOperands().get(0) == factor
                    ? product.getOperands().get(1)
                    : product.getOperands().get(0);
        }

        /** Whether {@link #intervalValue} can read {@code interval} as a constant. */
        private boolean isConstantInterval(RexNode interval) {
            try {
                intervalValue(interval);
                return true;
            } catch (QuiverException notConstant) {
                return false;
            }
        }

        /** DATE/TIMESTAMP plus or minus a constant interval. */
        private Expr dateArithmetic(RexCall call) {
            RexNode left = call.getOperands().get(0);
            RexNode right = call.getOperands().get(1);
            boolean subtract = call.getKind() == SqlKind.MINUS;
            RexNode datetime = isDatetime(left.getType()) ? left : right;
            RexNode interval = datetime == left ? right : left;
            boolean additive = call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.MINUS;
            if (!additive || !isInterval(interval.getType()) || (subtract && datetime != left)) {
                throw unsupported("operator " + call.getOperator().getName() + " on "
                        + left.getType().getFullTypeString() + " and "
                        + right.getType().getFullTypeString());
            }
            // n * INTERVAL with n from a column (DuckDB's date + n days arrives so): per row
            RexNode factor = variableFactor(interval);
            if (factor != null) {
                interval = factorUnit((RexCall) interval, factor);
            }
            Interval value = intervalValue(interval);
            if (subtract) {
                value = value.negate();
            }
            long months = value.months();
            long dayMicros;
            long micros;
            try {
                dayMicros = Math.multiplyExact(value.days(), MICROS_PER_DAY);
                micros = Math.addExact(dayMicros, value.micros());
            } catch (ArithmeticException e) {
                throw new QuiverException(
                        ErrorCode.NUMERIC_OVERFLOW, "date out of range: an interval of " + value + " is too long");
            }
            Expr operand = translate(datetime);
            if (factor != null) {
                if (datetime.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                    throw unsupported("TIMESTAMPTZ plus an interval that is not a constant");
                }
                return new DateAddExpr(operand, translate(factor), months, micros, result(call));
            }
            if (datetime.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                // DuckDB adds months and days on the session zone's calendar: add to the wall clock,
                // then read that wall-clock time back as an instant; hours and smaller move the instant
                // (INTERVAL 48 HOUR is all time, as in DuckDB).
                Expr shifted = operand;
                if (months != 0 || dayMicros != 0) {
                    shifted = shiftWallClock(
                            shifted, months, dayMicros, StatementTime.current().zone(), call);
                }
                if (value.micros() != 0) {
                    shifted = shiftWallClock(shifted, 0, value.micros(), ZoneOffset.UTC, call);
                }
                return shifted;
            }
            return new DateAddExpr(operand, months, micros, result(call));
        }

        /** The non-constant number {@code n} of {@code n * INTERVAL} or {@code INTERVAL * n}, else null. */
        private static RexNode variableFactor(RexNode interval) {
            if (interval instanceof RexCall call
                    && (call.getKind() == SqlKind.TIMES || call.getKind() == SqlKind.CHECKED_TIMES)) {
                RexNode left = call.getOperands().get(0);
                RexNode factor = isInterval(left.getType()) ? call.getOperands().get(1) : left;
                return factor instanceof RexLiteral ? null : factor;
            }
            return null;
        }

        /**
         * The value of a constant interval: a literal, a constant number times one, its negation or
         * cast, or any constant expression of intervals that folds ({@code CAST('1 month' AS INTERVAL)},
         * DuckDB's year-month literals as the validator rewrites them).
         */
        private Interval intervalValue(RexNode interval) {
            if (interval instanceof RexLiteral literal && !literal.isNull() && isInterval(literal.getType())) {
                return Literals.interval(literal);
            }
            if (interval instanceof RexCall call) {
                List<RexNode> operands = call.getOperands();
                if (call.getKind() == SqlKind.TIMES || call.getKind() == SqlKind.CHECKED_TIMES) {
                    // n * INTERVAL or INTERVAL * n, with a constant n; DuckDB's INTERVAL n DAY
                    // arrives as CHECKED_TIMES(n, INTERVAL '1' DAY)
                    RexNode unit = isInterval(operands.get(0).getType()) ? operands.get(0) : operands.get(1);
                    RexNode factor = unit == operands.get(0) ? operands.get(1) : operands.get(0);
                    if (factor instanceof RexLiteral number && !number.isNull()) {
                        BigDecimal amount = number.getValueAs(BigDecimal.class);
                        Interval value = intervalValue(unit);
                        return amount.stripTrailingZeros().scale() <= 0
                                ? value.times(amount.longValueExact())
                                : value.times(amount.doubleValue());
                    }
                } else if (call.getKind() == SqlKind.MINUS_PREFIX) {
                    return intervalValue(operands.getFirst()).negate();
                } else if (call.getKind() == SqlKind.CAST
                        && isInterval(operands.getFirst().getType())) {
                    return intervalValue(operands.getFirst());
                }
                if (RexUtil.isConstant(call)
                        && translate(call) instanceof LiteralExpr folded
                        && folded.value() instanceof Interval value) {
                    return value;
                }
            }
            throw unsupported("an interval that is not a constant (" + interval + ")");
        }

        // -------------------------------------------------------------- IN lists

        private Expr search(RexCall call) {
            RexNode reference = call.getOperands().get(0);
            RexLiteral sargLiteral = (RexLiteral) call.getOperands().get(1);
            Sarg<?> sarg = sargLiteral.getValueAs(Sarg.class);
            if (sarg != null
                    && (sarg.isPoints() || sarg.isComplementedPoints())
                    && !sarg.isAll()
                    && !sarg.isNone()
                    && supportsInList(reference.getType())) {
                Expr value = translate(reference);
                boolean negated = !sarg.isPoints();
                Sarg<?> points = negated ? sarg.negate() : sarg;
                List<LiteralExpr> constants = new ArrayList<>();
                for (var range : points.rangeSet.asRanges()) {
                    constants.add(
                            new LiteralExpr(value.field(), javaValue(range.lowerEndpoint(), reference.getType())));
                }
                // the Sarg says what a NULL value gives: UNKNOWN (NULL), TRUE or FALSE
                Boolean nullResult = sarg.nullAs == RexUnknownAs.UNKNOWN ? null : sarg.nullAs == RexUnknownAs.TRUE;
                return new InListExpr(value, constants, negated, nullResult, result(call));
            }
            // ranges: expand into comparisons (the builder only creates calls; their types are read back)
            return translate(RexUtil.expandSearch(new RexBuilder(new JavaTypeFactoryImpl()), null, call));
        }

        private static boolean supportsInList(RelDataType type) {
            return switch (type.getSqlTypeName()) {
                case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, FLOAT, DOUBLE, CHAR, VARCHAR, DATE, TIMESTAMP ->
                    true; // not TIMESTAMPTZ, TIME, UUID: their Sarg points come in other representations

                case DECIMAL -> type.getPrecision() <= 18;
                default -> false;
            };
        }

        // -------------------------------------------------------------- literals

        private Expr literal(RexLiteral literal) {
            RelDataType type = literal.getType();
            if (type.getSqlTypeName() == SqlTypeName.SYMBOL || type.getSqlTypeName() == SqlTypeName.SARG) {
                throw unsupported("a " + type.getSqlTypeName() + " literal outside the operators that take one");
            }
            Field field = TypeMapping.toField(RESULT_NAME, type);
            if (literal.isNull()) {
                return LiteralExpr.nullOf(field);
            }
            Object value = switch (type.getSqlTypeName()) {
                case BOOLEAN -> literal.getValueAs(Boolean.class);
                case TINYINT, SMALLINT, INTEGER, BIGINT ->
                    literal.getValueAs(BigDecimal.class).longValueExact();
                case DECIMAL ->
                    literal.getValueAs(BigDecimal.class).setScale(Math.max(type.getScale(), 0), RoundingMode.HALF_UP);
                case REAL, FLOAT, DOUBLE -> literal.getValueAs(Double.class);
                case CHAR, VARCHAR -> literal.getValueAs(String.class);
                case BINARY, VARBINARY -> literal.getValueAs(ByteString.class).getBytes();
                case DATE -> (long) literal.getValueAs(DateString.class).getDaysSinceEpoch();
                case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> micros(literal.getValueAs(TimestampString.class));
                case TIME -> Literals.timeMicros(literal.getValueAs(TimeString.class));
                case UUID -> Literals.uuidBytes(literal.getValueAs(java.util.UUID.class));
                default -> {
                    if (!isInterval(type)) {
                        throw unsupported("literals of type " + type.getFullTypeString());
                    }
                    yield Literals.interval(literal);
                }
            };
            return new LiteralExpr(field, value);
        }

        /** A Sarg point, in Calcite's internal literal representation, as a {@link LiteralExpr} value. */
        private static Object javaValue(Object point, RelDataType type) {
            return switch (point) {
                case NlsString string -> string.getValue();
                case DateString date -> (long) date.getDaysSinceEpoch();
                case TimestampString timestamp -> micros(timestamp);
                case ByteString bytes -> bytes.getBytes();
                case BigDecimal decimal ->
                    switch (type.getSqlTypeName()) {
                        case REAL, FLOAT, DOUBLE -> decimal.doubleValue();
                        case DECIMAL -> decimal;
                        default -> decimal.longValueExact();
                    };
                default -> point;
            };
        }

        /** Microseconds since the epoch; TimestampString keeps the digits milliseconds would lose. */
        private static long micros(TimestampString timestamp) {
            String text = timestamp.toString();
            long micros = timestamp.getMillisSinceEpoch() * 1000;
            int point = text.indexOf('.');
            if (point >= 0) {
                String fraction = (text.substring(point + 1) + "000000").substring(0, 6);
                micros += Integer.parseInt(fraction.substring(3));
            }
            return micros;
        }

        // -------------------------------------------------------------- helpers

        private static Field result(RexCall call) {
            return TypeMapping.toField(RESULT_NAME, call.getType());
        }

        /** DATE/TIMESTAMP arithmetic on a TIMESTAMPTZ's wall clock in {@code zone} (UTC: on the instant itself). */
        private Expr shiftWallClock(Expr value, long months, long micros, ZoneId zone, RexCall call) {
            Field local = new Field(
                    RESULT_NAME, FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)), null);
            Expr shifted = new DateAddExpr(new CastExpr(value, local, zone), months, micros, local);
            return new CastExpr(shifted, result(call), zone);
        }

        private static boolean isDatetime(RelDataType type) {
            SqlTypeName name = type.getSqlTypeName();
            return name == SqlTypeName.DATE
                    || name == SqlTypeName.TIMESTAMP
                    || name == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
        }

        private static boolean isInterval(RelDataType type) {
            return SqlTypeName.INTERVAL_TYPES.contains(type.getSqlTypeName());
        }

        private static void flatten(RexNode node, SqlKind kind, List<RexNode> into) {
            if (node.getKind() == kind && node instanceof RexCall call) {
                for (RexNode operand : call.getOperands()) {
                    flatten(operand, kind, into);
                }
            } else {
                into.add(node);
            }
        }

        private static void flattenConcat(RexNode node, List<RexNode> into) {
            if (node instanceof RexCall call && call.getOperator() == SqlStdOperatorTable.CONCAT) {
                for (RexNode operand : call.getOperands()) {
                    flattenConcat(operand, into);
                }
            } else {
                into.add(node);
            }
        }

        private static ArithmeticExpr.Operator arithmeticOperator(SqlKind kind) {
            return switch (kind) {
                case PLUS -> ArithmeticExpr.Operator.ADD;
                case MINUS -> ArithmeticExpr.Operator.SUBTRACT;
                case TIMES -> ArithmeticExpr.Operator.MULTIPLY;
                case DIVIDE -> ArithmeticExpr.Operator.DIVIDE;
                default -> ArithmeticExpr.Operator.MODULO;
            };
        }

        private static ComparisonExpr.Operator comparisonOperator(SqlKind kind) {
            return switch (kind) {
                case EQUALS -> ComparisonExpr.Operator.EQUAL;
                case NOT_EQUALS -> ComparisonExpr.Operator.NOT_EQUAL;
                case LESS_THAN -> ComparisonExpr.Operator.LESS_THAN;
                case LESS_THAN_OR_EQUAL -> ComparisonExpr.Operator.LESS_THAN_OR_EQUAL;
                case GREATER_THAN -> ComparisonExpr.Operator.GREATER_THAN;
                case GREATER_THAN_OR_EQUAL -> ComparisonExpr.Operator.GREATER_THAN_OR_EQUAL;
                case IS_DISTINCT_FROM -> ComparisonExpr.Operator.IS_DISTINCT_FROM;
                default -> ComparisonExpr.Operator.IS_NOT_DISTINCT_FROM;
            };
        }

        private static QuiverException unsupported(String what) {
            return new QuiverException(ErrorCode.UNSUPPORTED, what + " is not supported yet");
        }
    }
}
