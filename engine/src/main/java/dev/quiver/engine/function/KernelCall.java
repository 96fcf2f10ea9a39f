package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.CastExpr;
import dev.quiver.engine.exec.expr.CoalesceExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.lists.LambdaBody;
import dev.quiver.engine.sql.LambdaCaptures;
import dev.quiver.engine.type.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLambda;
import org.apache.calcite.rex.RexLambdaRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * One validated call of a built-in function, as its {@link BuiltinFunction.KernelFactory} sees it:
 * the operands as runtime expressions (translated only when asked for, so a constant unit such as
 * date_trunc's {@code 'month'} is read, never evaluated), the result type Calcite inferred, and
 * the constant operands some kernels need at plan time.
 */
public final class KernelCall {
    /** DOUBLE, the type the math kernels compute in. */
    public static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    /** VARCHAR. */
    public static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;
    /** TIMESTAMP (microseconds), the type the date kernels compute in. */
    public static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);

    private static final String NAME = "$expr";

    private final RexCall call;
    private final Function<RexNode, Expr> translator;
    private final BiFunction<RexLambda, List<RexNode>, LambdaBody> lambdas;

    /** @param translator turns an operand into its runtime expression ({@code plan/RexToExpr}) */
    public KernelCall(RexCall call, Function<RexNode, Expr> translator) {
        this(call, translator, (lambda, captured) -> {
            throw new QuiverException(ErrorCode.UNSUPPORTED, "lambdas are not supported here");
        });
    }

    /**
     * @param translator turns an operand into its runtime expression ({@code plan/RexToExpr})
     * @param lambdas    turns a lambda operand and the trailing operands holding the values it reads
     *                   from outside ({@code sql/LambdaCaptures}) into its body over a batch of elements
     */
    public KernelCall(
            RexCall call,
            Function<RexNode, Expr> translator,
            BiFunction<RexLambda, List<RexNode>, LambdaBody> lambdas) {
        this.call = call;
        this.translator = translator;
        this.lambdas = lambdas;
    }

    /** Operand {@code index}, a lambda ({@code x -> x + 1}), ready to run over list elements. */
    public LambdaBody lambda(int index) {
        if (!(call.getOperands().get(index) instanceof RexLambda lambda)) {
            throw new QuiverException(
                    ErrorCode.TYPE_MISMATCH, name() + " expects a lambda (x -> ...) as argument " + (index + 1));
        }
        List<RexNode> operands = call.getOperands();
        return lambdas.apply(lambda, operands.subList(operandCount(), operands.size()));
    }

    /** The name the function was called by, in lower case ({@code ceiling}, not {@code ceil}). */
    public String name() {
        return call.getOperator().getName().toLowerCase(Locale.ROOT);
    }

    /** Number of operands, not counting the values lambdas read from outside (they come last). */
    public int operandCount() {
        int captured = 0;
        for (RexNode operand : call.getOperands()) {
            if (operand instanceof RexLambda lambda) {
                for (RexLambdaRef parameter : lambda.getParameters()) {
                    captured += LambdaCaptures.isCaptured(parameter.getName()) ? 1 : 0;
                }
            }
        }
        return call.getOperands().size() - captured;
    }

    /** Operand {@code index} as a runtime expression. */
    public Expr operand(int index) {
        return translator.apply(call.getOperands().get(index));
    }

    /** Every operand from {@code from} on. */
    public List<Expr> operands(int from) {
        List<Expr> operands = new ArrayList<>();
        for (int index = from; index < operandCount(); index++) {
            operands.add(operand(index));
        }
        return operands;
    }

    /** Every operand. */
    public List<Expr> operands() {
        return operands(0);
    }

    /** Operand {@code index} computed in {@code type} (a NULL literal stays NULL-typed). */
    public Expr operandAs(int index, ArrowType type) {
        return cast(operand(index), type);
    }

    /** Every operand from {@code from} on, each computed in {@code type}. */
    public List<Expr> operandsAs(int from, ArrowType type) {
        List<Expr> cast = new ArrayList<>();
        for (Expr operand : operands(from)) {
            cast.add(cast(operand, type));
        }
        return cast;
    }

    /** The call's result type and nullability, as the validator inferred it. */
    public Field result() {
        return TypeMapping.toField(NAME, call.getType());
    }

    /** {@code operand} as VARCHAR, {@code fallback} where it is NULL (a NULL literal is the fallback). */
    public static Expr textOr(Expr operand, String fallback) {
        Field text = new Field(NAME, FieldType.nullable(VARCHAR), null);
        LiteralExpr constant = new LiteralExpr(text, fallback);
        return operand.field().getType() instanceof ArrowType.Null
                ? constant
                : new CoalesceExpr(List.of(cast(operand, VARCHAR), constant), text);
    }

    /** {@code operand} in {@code type}, unless it has that type already or is an untyped NULL. */
    public static Expr cast(Expr operand, ArrowType type) {
        ArrowType from = operand.field().getType();
        if (from.equals(type) || from instanceof ArrowType.Null) {
            return operand;
        }
        return new CastExpr(operand, new Field(NAME, FieldType.nullable(type), null));
    }

    /** Operand {@code index} as a constant integer; UNSUPPORTED when it varies by row. */
    public int constantInt(int index) {
        if (call.getOperands().get(index) instanceof RexLiteral literal && !literal.isNull()) {
            Integer value = literal.getValueAs(Integer.class);
            if (value != null) {
                return value;
            }
        }
        throw new QuiverException(
                ErrorCode.UNSUPPORTED, name() + " with a number of digits that is not a constant is not supported yet");
    }

    /** Operand {@code index} as a constant string (a unit name); UNSUPPORTED when it varies by row. */
    public String constantString(int index) {
        if (call.getOperands().get(index) instanceof RexLiteral literal && !literal.isNull()) {
            String value = literal.getValueAs(String.class);
            if (value != null) {
                return value;
            }
        }
        throw new QuiverException(
                ErrorCode.UNSUPPORTED, name() + " with a unit that is not a constant is not supported yet");
    }

    /**
     * Operand {@code index} as a list of constant strings ({@code ['a', 'b']}); null when it is no
     * list of non-NULL string literals.
     */
    public List<String> constantStringList(int index) {
        if (!(call.getOperands().get(index) instanceof RexCall list)) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (RexNode element : list.getOperands()) {
            if (!(element instanceof RexLiteral literal) || literal.isNull()) {
                return null;
            }
            String value = literal.getValueAs(String.class);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return values;
    }

    /** Operand {@code index}, a symbol the grammar put there (TRIM's side, EXTRACT's unit). */
    public <T> T symbol(int index, Class<T> type) {
        return ((RexLiteral) call.getOperands().get(index)).getValueAs(type);
    }
}
