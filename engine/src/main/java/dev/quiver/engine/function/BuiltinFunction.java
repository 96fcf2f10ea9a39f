package dev.quiver.engine.function;

import dev.quiver.engine.exec.expr.DoubleKernelExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.RowKernelExpr;
import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.util.Optionality;

/**
 * One built-in function, defined once: the names SQL calls it by, the operators Calcite's
 * validator resolves those names to (with their operand checks and return types), the factory of
 * its runtime kernel, and the signature, description and example SHOW FUNCTIONS and docs/sql.md
 * print. {@link BuiltinFunctions} holds them all.
 *
 * <p>The operators are either Quiver's own ({@link Builder#typed}: one {@link SqlFunction} per
 * name, typed as DuckDB types the function) or Calcite's standard ones ({@link Builder#standard},
 * for functions the grammar or Calcite's rewrites build themselves). Immutable.
 */
public final class BuiltinFunction {
    /** What kind of built-in it is, as SHOW FUNCTIONS prints it. */
    public enum Kind {
        /** A function of scalar values, one result per row. */
        SCALAR,
        /** An operator or special form ({@code +}, {@code CASE}, {@code LIKE}), translated in {@code plan/RexToExpr}. */
        OPERATOR,
        /** A function in FROM that produces rows. */
        TABLE,
        /** A function of many rows: one result per group, or per row as a window function. */
        AGGREGATE
    }

    /** Builds the runtime logic of one aggregate call. */
    @FunctionalInterface
    public interface AggregateKernelFactory {
        /**
         * The kernel of a call with arguments of {@code argumentTypes} and result type {@code output}.
         *
         * @throws dev.quiver.engine.error.QuiverException for argument types the function does not take
         */
        AggregateKernel create(List<ArrowType> argumentTypes, ArrowType output);
    }

    /** Builds the runtime expression of one call. */
    @FunctionalInterface
    public interface KernelFactory {
        /**
         * The kernel computing {@code call}.
         *
         * @throws dev.quiver.engine.error.QuiverException UNSUPPORTED for a form without a kernel
         */
        Expr create(KernelCall call);
    }

    private final Kind kind;
    private final List<String> names;
    private final String signature;
    private final String description;
    private final String example;
    private final List<SqlOperator> operators;
    private final List<SqlOperator> ownOperators;
    private final List<SqlOperator> replaces;
    private final KernelFactory kernel;
    private final AggregateKernelFactory aggregateKernel;
    private final boolean takesArrays;

    private BuiltinFunction(Builder builder) {
        this.kind = builder.kind;
        this.names = List.copyOf(builder.names);
        this.signature = builder.signature;
        this.description = Objects.requireNonNull(builder.description, "description of " + names.getFirst());
        this.example = builder.example;
        this.replaces = List.copyOf(builder.replaces);
        this.kernel = builder.kernel;
        this.aggregateKernel = builder.aggregateKernel;
        this.takesArrays = builder.takesArrays;
        // aggregates keep ARRAY results: their kernels get the operands as they are
        SqlReturnTypeInference returnType = builder.returnType == null || builder.takesArrays || kind != Kind.SCALAR
                ? builder.returnType
                : ArrayOperands.listResult(builder.returnType);
        List<SqlOperator> own = new ArrayList<>();
        if (returnType != null && kind == Kind.AGGREGATE) {
            for (String name : names) {
                own.add(new BuiltinAggFunction(name.toUpperCase(Locale.ROOT), returnType, builder.operandTypes));
            }
        } else if (returnType != null) {
            for (String name : names) {
                own.add(
                        builder.random
                                ? new RandomSqlFunction(name.toUpperCase(Locale.ROOT), returnType, builder.operandTypes)
                                : new SqlFunction(
                                        name.toUpperCase(Locale.ROOT),
                                        SqlKind.OTHER_FUNCTION,
                                        returnType,
                                        null,
                                        builder.operandTypes,
                                        SqlFunctionCategory.USER_DEFINED_FUNCTION));
            }
        }
        this.ownOperators = List.copyOf(own);
        List<SqlOperator> operators = new ArrayList<>(builder.standard);
        operators.addAll(own);
        this.operators = List.copyOf(operators);
        if (kind == Kind.SCALAR && (kernel == null || operators.isEmpty())) {
            throw new IllegalStateException("scalar function " + names.getFirst() + " needs operators and a kernel");
        }
        if (kind == Kind.AGGREGATE && (aggregateKernel == null) != own.isEmpty()) {
            throw new IllegalStateException("aggregate function " + names.getFirst()
                    + " needs both its own operators and a kernel, or neither");
        }
    }

    /** Quiver's own aggregate operator: ORDER BY inside the call and DISTINCT are allowed. */
    private static final class BuiltinAggFunction extends SqlAggFunction {
        BuiltinAggFunction(String name, SqlReturnTypeInference returnType, SqlOperandTypeChecker operandTypes) {
            super(
                    name,
                    null,
                    SqlKind.OTHER_FUNCTION,
                    returnType,
                    null,
                    operandTypes,
                    SqlFunctionCategory.USER_DEFINED_FUNCTION,
                    false,
                    false,
                    Optionality.OPTIONAL);
        }
    }

    /** Starts the definition of a scalar function called {@code name} (lower case) and its aliases. */
    public static Builder scalar(String name, String... aliases) {
        return new Builder(Kind.SCALAR, name, aliases);
    }

    /** Starts the documentation entry of an operator or special form the planner translates itself. */
    public static Builder operator(String name) {
        return new Builder(Kind.OPERATOR, name);
    }

    /**
     * Starts the definition of an aggregate function: either Quiver's own ({@link Builder#typed}
     * with {@link Builder#aggregateKernel}) or one of Calcite's the runtime computes itself
     * ({@link Builder#standard}).
     */
    public static Builder aggregate(String name, String... aliases) {
        return new Builder(Kind.AGGREGATE, name, aliases);
    }

    /** Starts the documentation entry of a table function (defined in its own SqlFunction class). */
    public static Builder table(String name, String... aliases) {
        return new Builder(Kind.TABLE, name, aliases);
    }

    public Kind kind() {
        return kind;
    }

    /** The primary name, lower case. */
    public String name() {
        return names.getFirst();
    }

    /** Every name it answers to, the primary one first. */
    public List<String> names() {
        return names;
    }

    /** How it is called, e.g. {@code repeat(string VARCHAR, count BIGINT) -> VARCHAR}. */
    public String signature() {
        return signature;
    }

    /** One sentence saying what it computes. */
    public String description() {
        return description;
    }

    /** A call and its result, e.g. {@code repeat('ab', 3) = 'ababab'}; empty when none is given. */
    public String example() {
        return example;
    }

    /** The validator's operators for this function; empty for documentation-only entries. */
    public List<SqlOperator> operators() {
        return operators;
    }

    /** The operators Quiver made for it ({@link Builder#typed}), which the operator table adds to Calcite's. */
    List<SqlOperator> ownOperators() {
        return ownOperators;
    }

    /** Calcite standard operators of the same name that this one replaces in the operator table. */
    List<SqlOperator> replaces() {
        return replaces;
    }

    /** Whether calls are computed by {@link #kernel} (else {@code plan/RexToExpr} translates them itself). */
    public boolean hasKernel() {
        return kernel != null;
    }

    /** The runtime expression of {@code call}. */
    public Expr kernel(KernelCall call) {
        return kernel.create(call);
    }

    /** Whether its kernel takes fixed-size ARRAY operands as they are ({@link Builder#arrays}); else they arrive as LISTs. */
    public boolean takesArrays() {
        return takesArrays;
    }

    /** Whether it is an aggregate computed by an {@link AggregateKernel} (Quiver's own aggregates). */
    public boolean hasAggregateKernel() {
        return aggregateKernel != null;
    }

    /** The runtime logic of an aggregate call with these argument and result types. */
    public AggregateKernel aggregateKernel(List<ArrowType> argumentTypes, ArrowType output) {
        return aggregateKernel.create(argumentTypes, output);
    }

    /** Collects one definition; {@link #build} checks it is complete. */
    public static final class Builder {
        private final Kind kind;
        private final List<String> names = new ArrayList<>();
        private String signature = "";
        private String description;
        private String example = "";
        private final List<SqlOperator> standard = new ArrayList<>();
        private final List<SqlOperator> replaces = new ArrayList<>();
        private SqlReturnTypeInference returnType;
        private SqlOperandTypeChecker operandTypes;
        private KernelFactory kernel;
        private AggregateKernelFactory aggregateKernel;
        private boolean random;
        private boolean takesArrays;

        private Builder(Kind kind, String name, String... aliases) {
            this.kind = kind;
            names.add(name);
            names.addAll(List.of(aliases));
        }

        /** How it is called, e.g. {@code repeat(string VARCHAR, count BIGINT) -> VARCHAR}. */
        public Builder signature(String text) {
            this.signature = text;
            return this;
        }

        /** One sentence saying what it computes, and a call with its result. */
        public Builder describe(String sentence, String exampleCall) {
            this.description = sentence;
            this.example = exampleCall;
            return this;
        }

        /** Each call gives a new value (gen_random_uuid()): the planner must neither merge nor fold calls. */
        public Builder random() {
            this.random = true;
            return this;
        }

        /**
         * Its kernel takes fixed-size ARRAY operands as they are and its return type may be one.
         * Other functions see an ARRAY operand as a LIST, and a return type equal to an ARRAY
         * operand's becomes a LIST, as in DuckDB ({@code list_sort(array_value(2, 1))} is
         * {@code INTEGER[]}).
         */
        public Builder arrays() {
            this.takesArrays = true;
            return this;
        }

        /** One operator of Quiver's own per name, with these operand checks and return type. */
        public Builder typed(SqlReturnTypeInference type, SqlOperandTypeChecker operands) {
            this.returnType = type;
            this.operandTypes = operands;
            return this;
        }

        /** Calcite's standard operators for it (the grammar or Calcite's rewrites build these). */
        public Builder standard(SqlOperator... operators) {
            standard.addAll(List.of(operators));
            return this;
        }

        /** Calcite standard operators this one's own operators hide (the validator must find only one per name). */
        public Builder replaces(SqlOperator... operators) {
            replaces.addAll(List.of(operators));
            return this;
        }

        /** How a call is computed. */
        public Builder kernel(KernelFactory factory) {
            this.kernel = factory;
            return this;
        }

        /** How an aggregate's calls are computed. */
        public Builder aggregateKernel(AggregateKernelFactory factory) {
            this.aggregateKernel = factory;
            return this;
        }

        /** A DOUBLE function of one operand (cast to DOUBLE), computed by {@code function}. */
        public Builder doubleKernel(DoubleUnaryOperator function) {
            return doubleKernel(function, null);
        }

        /**
         * As {@link #doubleKernel(DoubleUnaryOperator)}, refusing operands {@code domain} refuses (may be
         * null) when the session has {@code ieee_floating_point_ops} off ({@link FloatingPointMode}).
         */
        public Builder doubleKernel(DoubleUnaryOperator function, DoubleKernelExpr.DomainCheck domain) {
            return kernel(call -> DoubleKernelExpr.unary(
                    call.name(),
                    function,
                    FloatingPointMode.ieee() ? null : domain,
                    call.operandAs(0, KernelCall.DOUBLE),
                    call.result()));
        }

        /** As {@link #doubleKernel(DoubleBinaryOperator)}, with a {@code domain} as the unary form takes it. */
        public Builder doubleKernel(DoubleBinaryOperator function, DoubleKernelExpr.DomainCheck domain) {
            return kernel(call -> DoubleKernelExpr.binary(
                    call.name(),
                    function,
                    FloatingPointMode.ieee() ? null : domain,
                    call.operandAs(0, KernelCall.DOUBLE),
                    call.operandAs(1, KernelCall.DOUBLE),
                    call.result()));
        }

        /** A DOUBLE function of two operands (cast to DOUBLE), computed by {@code function}. */
        public Builder doubleKernel(DoubleBinaryOperator function) {
            return doubleKernel(function, null);
        }

        /**
         * A function computed row by row on decoded operands ({@link RowKernelExpr}); a call may
         * leave out trailing operands, which the function then does not read.
         *
         * @param mayFail whether {@code function} can throw a data error
         */
        public Builder rowKernel(
                List<RowKernelExpr.Operand> operands, boolean mayFail, RowKernelExpr.RowFunction function) {
            // a Calcite operator typed NULL by a NULL operand (translate(NULL, ...)) is NULL
            return kernel(call -> call.result().getType() instanceof ArrowType.Null
                    ? LiteralExpr.nullOf(call.result())
                    : new RowKernelExpr(
                            call.name(),
                            operands.subList(0, call.operandCount()),
                            function,
                            mayFail,
                            call.operands(),
                            call.result()));
        }

        public BuiltinFunction build() {
            return new BuiltinFunction(this);
        }
    }

    /** The operator of a {@link Builder#random} function: not deterministic, so two calls stay two. */
    private static final class RandomSqlFunction extends SqlFunction {
        RandomSqlFunction(String name, SqlReturnTypeInference returnType, SqlOperandTypeChecker operandTypes) {
            super(
                    name,
                    SqlKind.OTHER_FUNCTION,
                    returnType,
                    null,
                    operandTypes,
                    SqlFunctionCategory.USER_DEFINED_FUNCTION);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }
}
