package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.operator.aggregate.AggregateKernel;
import dev.quiver.engine.exec.operator.aggregate.ValueReader;
import dev.quiver.engine.exec.operator.aggregate.kernel.ApproximateAggregates;
import dev.quiver.engine.exec.operator.aggregate.kernel.HolisticAggregates;
import dev.quiver.engine.exec.operator.aggregate.kernel.HolisticAggregates.QuantileInput;
import dev.quiver.engine.exec.operator.aggregate.kernel.ListAggregates;
import dev.quiver.engine.exec.operator.aggregate.kernel.LogicAggregates;
import dev.quiver.engine.exec.operator.aggregate.kernel.StatisticAggregates;
import dev.quiver.engine.exec.operator.aggregate.kernel.StatisticAggregates.MomentStatistic;
import dev.quiver.engine.exec.operator.aggregate.kernel.StatisticAggregates.PairStatistic;
import dev.quiver.engine.exec.operator.aggregate.kernel.ValueAggregates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * The aggregate functions, typed as DuckDB types them: Quiver's own (each a kernel in
 * {@code exec.operator.aggregate.kernel}, usable in GROUP BY, without it, with DISTINCT, FILTER,
 * ORDER BY inside the call and as window functions) and Calcite's standard ones that the runtime
 * computes itself (listed for SHOW FUNCTIONS and docs/sql.md).
 */
final class AggregateBuiltins {
    /** {@code first(x)}: AggregateSyntax puts it in place of the grammar's MATCH_RECOGNIZE FIRST. */
    static final BuiltinFunction FIRST = BuiltinFunction.aggregate("first", "arbitrary")
            .signature("first(x [ORDER BY …]) -> type of x")
            .describe("The first row's value, NULL included (in ORDER BY order when given).", "first(x ORDER BY t)")
            .typed(sameAsFirst(), OperandTypes.ANY)
            .replaces(SqlStdOperatorTable.FIRST)
            .aggregateKernel(readable("first", types -> ValueAggregates.first("first", false)))
            .build();
    /** {@code last(x)}: as {@link #FIRST}. */
    static final BuiltinFunction LAST = BuiltinFunction.aggregate("last")
            .signature("last(x [ORDER BY …]) -> type of x")
            .describe("The last row's value, NULL included (in ORDER BY order when given).", "last(x ORDER BY t)")
            .typed(sameAsFirst(), OperandTypes.ANY)
            .replaces(SqlStdOperatorTable.LAST)
            .aggregateKernel(readable("last", types -> ValueAggregates.last("last")))
            .build();

    private static final SqlReturnTypeInference DOUBLE =
            ReturnTypes.explicit(SqlTypeName.DOUBLE).andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlOperandTypeChecker NUMERIC_PAIR = OperandTypes.NUMERIC_NUMERIC;

    private AggregateBuiltins() {}

    static List<BuiltinFunction> definitions() {
        List<BuiltinFunction> all = new ArrayList<>(standard());
        all.add(FIRST);
        all.add(LAST);
        all.addAll(values());
        all.addAll(logic());
        all.addAll(statistics());
        all.addAll(holistic());
        all.add(LIST);
        all.add(BuiltinFunction.aggregate("histogram")
                .signature("histogram(x) -> MAP(type of x, BIGINT)")
                .describe(
                        "How often each non-NULL value occurs, as a MAP with keys in ascending order.", "histogram(x)")
                .typed(AggregateBuiltins::histogramType, OperandTypes.ANY)
                .aggregateKernel(readable("histogram", types -> ListAggregates.histogram("histogram")))
                .build());
        return all;
    }

    /** Calcite's aggregates, computed by the hash aggregate's own accumulators or reduced to them. */
    private static List<BuiltinFunction> standard() {
        return List.of(
                documented(
                        "count",
                        "count(*) | count(x) -> BIGINT",
                        "Rows, or rows where x is not NULL.",
                        SqlStdOperatorTable.COUNT),
                documented("sum", "sum(x) -> numeric", "Sum of the non-NULL values.", SqlStdOperatorTable.SUM),
                documented(
                        "avg",
                        "avg(x) -> DOUBLE | INTERVAL",
                        "Mean of the non-NULL values (of numbers or intervals).",
                        SqlStdOperatorTable.AVG),
                documented("min", "min(x) -> type of x", "Least non-NULL value.", SqlStdOperatorTable.MIN),
                documented("max", "max(x) -> type of x", "Greatest non-NULL value.", SqlStdOperatorTable.MAX),
                documented(
                        "any_value",
                        "any_value(x [ORDER BY …]) -> type of x",
                        "The first non-NULL value met (in ORDER BY order when given).",
                        SqlStdOperatorTable.ANY_VALUE),
                documented(
                        "stddev_samp",
                        "stddev_samp(x) -> DOUBLE",
                        "Sample standard deviation; stddev is the same.",
                        SqlStdOperatorTable.STDDEV_SAMP,
                        SqlStdOperatorTable.STDDEV),
                documented(
                        "stddev_pop",
                        "stddev_pop(x) -> DOUBLE",
                        "Population standard deviation.",
                        SqlStdOperatorTable.STDDEV_POP),
                documented(
                        "var_samp",
                        "var_samp(x) -> DOUBLE",
                        "Sample variance; variance is the same.",
                        SqlStdOperatorTable.VAR_SAMP,
                        SqlStdOperatorTable.VARIANCE),
                documented("var_pop", "var_pop(x) -> DOUBLE", "Population variance.", SqlStdOperatorTable.VAR_POP),
                documented(
                        "regr_count",
                        "regr_count(y, x) -> BIGINT",
                        "Rows where neither y nor x is NULL.",
                        SqlStdOperatorTable.REGR_COUNT));
    }

    private static BuiltinFunction documented(
            String name, String signature, String description, org.apache.calcite.sql.SqlOperator... operators) {
        return BuiltinFunction.aggregate(name)
                .signature(signature)
                .describe(description, "")
                .standard(operators)
                .build();
    }

    private static List<BuiltinFunction> values() {
        List<BuiltinFunction> all = new ArrayList<>();
        for (boolean max : new boolean[] {false, true}) {
            String extreme = max ? "max" : "min";
            String name = "arg_" + extreme;
            all.add(BuiltinFunction.aggregate(name, extreme + "_by")
                    .signature(name + "(arg, val) -> type of arg")
                    .describe(
                            "arg of the row with the " + (max ? "greatest" : "least")
                                    + " val; rows where arg or val is NULL are skipped.",
                            name + "(name, price)")
                    .typed(sameAsFirst(), OperandTypes.ANY_ANY)
                    .replaces(max ? SqlStdOperatorTable.ARG_MAX : SqlStdOperatorTable.ARG_MIN)
                    .aggregateKernel(readable(name, types -> ValueAggregates.argExtreme(name, max, false)))
                    .build());
            all.add(BuiltinFunction.aggregate(name + "_null")
                    .signature(name + "_null(arg, val) -> type of arg")
                    .describe(
                            "arg of the row with the " + (max ? "greatest" : "least")
                                    + " val, even when that arg is NULL; rows where val is NULL are skipped.",
                            name + "_null(name, price)")
                    .typed(sameAsFirst(), OperandTypes.ANY_ANY)
                    .aggregateKernel(
                            readable(name + "_null", types -> ValueAggregates.argExtreme(name + "_null", max, true)))
                    .build());
        }
        all.add(BuiltinFunction.aggregate("mode")
                .signature("mode(x) -> type of x")
                .describe("The most frequent value; the first one met on ties.", "mode(x)")
                .typed(sameAsFirst(), OperandTypes.ANY)
                .replaces(SqlStdOperatorTable.MODE)
                .aggregateKernel(readable("mode", types -> HolisticAggregates.mode("mode")))
                .build());
        return all;
    }

    private static List<BuiltinFunction> logic() {
        SqlReturnTypeInference bool =
                ReturnTypes.explicit(SqlTypeName.BOOLEAN).andThen(SqlTypeTransforms.FORCE_NULLABLE);
        List<BuiltinFunction> all = new ArrayList<>();
        all.add(BuiltinFunction.aggregate("count_if", "countif")
                .signature("count_if(b BOOLEAN) -> BIGINT")
                .describe("Rows where b is true; NULL over no rows.", "count_if(x > 0)")
                .typed(
                        ReturnTypes.explicit(SqlTypeName.BIGINT).andThen(SqlTypeTransforms.FORCE_NULLABLE),
                        OperandTypes.BOOLEAN)
                .aggregateKernel((types, output) -> LogicAggregates.countIf("count_if"))
                .build());
        all.add(BuiltinFunction.aggregate("bool_and")
                .signature("bool_and(b BOOLEAN) -> BOOLEAN")
                .describe("Whether b is true in every row (NULLs skipped).", "bool_and(x > 0)")
                .typed(bool, OperandTypes.BOOLEAN)
                .aggregateKernel((types, output) -> LogicAggregates.bool("bool_and", false))
                .build());
        all.add(BuiltinFunction.aggregate("bool_or")
                .signature("bool_or(b BOOLEAN) -> BOOLEAN")
                .describe("Whether b is true in some row (NULLs skipped).", "bool_or(x > 0)")
                .typed(bool, OperandTypes.BOOLEAN)
                .aggregateKernel((types, output) -> LogicAggregates.bool("bool_or", true))
                .build());
        for (LogicAggregates.BitOperation operation : LogicAggregates.BitOperation.values()) {
            String name = "bit_" + operation.name().toLowerCase(Locale.ROOT);
            all.add(BuiltinFunction.aggregate(name)
                    .signature(name + "(x INTEGER) -> type of x")
                    .describe("Bitwise " + operation.name() + " of the non-NULL values.", name + "(flags)")
                    .typed(sameAsFirst(), OperandTypes.family(SqlTypeFamily.INTEGER))
                    .replaces(
                            switch (operation) {
                                case AND -> SqlStdOperatorTable.BIT_AND;
                                case OR -> SqlStdOperatorTable.BIT_OR;
                                case XOR -> SqlStdOperatorTable.BIT_XOR;
                            })
                    .aggregateKernel((types, output) -> LogicAggregates.bits(name, operation))
                    .build());
        }
        return all;
    }

    private static List<BuiltinFunction> statistics() {
        List<BuiltinFunction> all = new ArrayList<>();
        all.add(pair(
                "corr",
                PairStatistic.CORR,
                "Pearson correlation coefficient of y and x (NaN when either is constant)."));
        all.add(pair(
                "covar_pop",
                PairStatistic.COVAR_POP,
                "Population covariance of y and x.",
                SqlStdOperatorTable.COVAR_POP));
        all.add(pair(
                "covar_samp",
                PairStatistic.COVAR_SAMP,
                "Sample covariance of y and x.",
                SqlStdOperatorTable.COVAR_SAMP));
        all.add(pair("regr_slope", PairStatistic.REGR_SLOPE, "Slope of the least-squares line of y over x."));
        all.add(pair(
                "regr_intercept", PairStatistic.REGR_INTERCEPT, "Intercept of the least-squares line of y over x."));
        all.add(pair("regr_r2", PairStatistic.REGR_R2, "Coefficient of determination of the regression of y over x."));
        all.add(pair("regr_avgx", PairStatistic.REGR_AVGX, "Mean of x over rows where neither is NULL."));
        all.add(pair("regr_avgy", PairStatistic.REGR_AVGY, "Mean of y over rows where neither is NULL."));
        all.add(pair(
                "regr_sxx", PairStatistic.REGR_SXX, "Sum of squared deviations of x.", SqlStdOperatorTable.REGR_SXX));
        all.add(pair(
                "regr_syy", PairStatistic.REGR_SYY, "Sum of squared deviations of y.", SqlStdOperatorTable.REGR_SYY));
        all.add(pair("regr_sxy", PairStatistic.REGR_SXY, "Sum of products of the deviations of x and y."));
        all.add(numeric(
                "skewness",
                "Sample skewness.",
                () -> StatisticAggregates.moments("skewness", MomentStatistic.SKEWNESS)));
        all.add(numeric(
                "kurtosis",
                "Sample excess kurtosis (bias-corrected).",
                () -> StatisticAggregates.moments("kurtosis", MomentStatistic.KURTOSIS)));
        all.add(numeric(
                "kurtosis_pop",
                "Population excess kurtosis.",
                () -> StatisticAggregates.moments("kurtosis_pop", MomentStatistic.KURTOSIS_POP)));
        all.add(numeric("product", "Product of the non-NULL values.", () -> StatisticAggregates.product("product")));
        all.add(BuiltinFunction.aggregate("fsum", "sumkahan", "kahan_sum")
                .signature("fsum(x) -> DOUBLE")
                .describe("Sum with Kahan compensation: fewer digits lost to rounding.", "fsum(x)")
                .typed(DOUBLE, OperandTypes.NUMERIC)
                .aggregateKernel((types, output) -> StatisticAggregates.kahan("fsum", false))
                .build());
        all.add(BuiltinFunction.aggregate("favg")
                .signature("favg(x) -> DOUBLE")
                .describe("Mean computed with a Kahan-compensated sum.", "favg(x)")
                .typed(DOUBLE, OperandTypes.NUMERIC)
                .aggregateKernel((types, output) -> StatisticAggregates.kahan("favg", true))
                .build());
        return all;
    }

    private static BuiltinFunction pair(
            String name, PairStatistic statistic, String description, org.apache.calcite.sql.SqlOperator... replaced) {
        return BuiltinFunction.aggregate(name)
                .signature(name + "(y, x) -> DOUBLE")
                .describe(description, name + "(y, x)")
                .typed(DOUBLE, NUMERIC_PAIR)
                .replaces(replaced)
                .aggregateKernel((types, output) -> StatisticAggregates.pair(name, statistic))
                .build();
    }

    private static BuiltinFunction numeric(
            String name, String description, java.util.function.Supplier<AggregateKernel> kernel) {
        return BuiltinFunction.aggregate(name)
                .signature(name + "(x) -> DOUBLE")
                .describe(description, name + "(x)")
                .typed(DOUBLE, OperandTypes.NUMERIC)
                .aggregateKernel((types, output) -> kernel.get())
                .build();
    }

    private static List<BuiltinFunction> holistic() {
        List<BuiltinFunction> all = new ArrayList<>();
        all.add(BuiltinFunction.aggregate("median")
                .signature("median(x) -> DOUBLE | DECIMAL | TIMESTAMP | type of x")
                .describe("The middle value: interpolated for numbers and times, the lower one otherwise.", "median(x)")
                .typed(AggregateBuiltins::continuousQuantileType, OperandTypes.ANY)
                .aggregateKernel(readable(
                        "median", types -> HolisticAggregates.quantile("median", true, quantileInput(types), 0.5)))
                .build());
        all.add(BuiltinFunction.aggregate("quantile_cont")
                .signature("quantile_cont(x, q) -> DOUBLE | DECIMAL | TIMESTAMP")
                .describe(
                        "The interpolated q-quantile (q constant in [-1, 1]; negative counts from the top).",
                        "quantile_cont(x, 0.9)")
                .typed(
                        AggregateBuiltins::continuousQuantileType,
                        OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC)
                                .or(OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.NUMERIC))
                                .or(OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.ARRAY))
                                .or(OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.ARRAY)))
                .aggregateKernel(readable(
                        "quantile_cont",
                        types -> HolisticAggregates.quantile("quantile_cont", true, quantileInput(types), Double.NaN)))
                .build());
        all.add(BuiltinFunction.aggregate("quantile_disc", "quantile")
                .signature("quantile_disc(x, q) -> type of x")
                .describe("The q-quantile that is one of the values (q constant in [-1, 1]).", "quantile_disc(x, 0.5)")
                .typed(
                        AggregateBuiltins::discreteQuantileType,
                        OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.NUMERIC)
                                .or(OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.ARRAY)))
                .aggregateKernel(readable(
                        "quantile_disc",
                        types -> HolisticAggregates.quantile("quantile_disc", false, quantileInput(types), Double.NaN)))
                .build());
        all.add(BuiltinFunction.aggregate("approx_quantile")
                .signature("approx_quantile(x, q) -> type of x")
                .describe(
                        "A q-quantile that is one of the values; Quiver computes it exactly, DuckDB estimates it.",
                        "approx_quantile(x, 0.5)")
                .typed(
                        sameAsFirst(),
                        OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC)
                                .or(OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.NUMERIC)))
                .aggregateKernel(readable(
                        "approx_quantile",
                        types -> HolisticAggregates.quantile(
                                "approx_quantile", false, quantileInput(types), Double.NaN)))
                .build());
        all.add(BuiltinFunction.aggregate("entropy")
                .signature("entropy(x) -> DOUBLE")
                .describe("Shannon entropy (bits) of the values' frequencies; 0 over no rows.", "entropy(x)")
                .typed(ReturnTypes.explicit(SqlTypeName.DOUBLE), OperandTypes.ANY)
                .aggregateKernel(readable("entropy", types -> HolisticAggregates.entropy("entropy")))
                .build());
        all.add(BuiltinFunction.aggregate("approx_count_distinct")
                .signature("approx_count_distinct(x) -> BIGINT")
                .describe(
                        "An estimate of the number of distinct non-NULL values (HyperLogLog, about 1.6 % error).",
                        "approx_count_distinct(x)")
                .typed(ReturnTypes.BIGINT, OperandTypes.ANY)
                .replaces(SqlStdOperatorTable.APPROX_COUNT_DISTINCT)
                .aggregateKernel(readable(
                        "approx_count_distinct", types -> ApproximateAggregates.countDistinct("approx_count_distinct")))
                .build());
        all.add(STRING_AGG);
        return all;
    }

    /** The string_agg operator called {@code name} (string_agg, group_concat), for AggregateSyntax. */
    static org.apache.calcite.sql.SqlOperator stringAgg(String name) {
        for (org.apache.calcite.sql.SqlOperator operator : STRING_AGG.operators()) {
            if (operator.getName().equalsIgnoreCase(name)) {
                return operator;
            }
        }
        throw new IllegalStateException("no string_agg operator called " + name);
    }

    private static final BuiltinFunction STRING_AGG = BuiltinFunction.aggregate("string_agg", "group_concat", "listagg")
            .signature("string_agg(x [, separator] [ORDER BY …]) -> VARCHAR")
            .describe(
                    "The non-NULL values joined by separator (',' by default), in ORDER BY order when given.",
                    "string_agg(name, ', ' ORDER BY name)")
            .typed(
                    ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE),
                    OperandTypes.STRING.or(OperandTypes.STRING_STRING))
            .replaces(SqlStdOperatorTable.LISTAGG)
            .aggregateKernel((types, output) -> HolisticAggregates.stringAgg("string_agg"))
            .build();

    /** {@code list(x)} and {@code array_agg(x)}; AggregateSyntax gives the grammar's ARRAY_AGG this one's operator. */
    private static final BuiltinFunction LIST = BuiltinFunction.aggregate("list", "array_agg")
            .signature("list(x) -> LIST of x's type")
            .describe(
                    "Every value, NULLs included, as a list (in ORDER BY order when given: array_agg(x ORDER BY y)).",
                    "list(x)")
            .typed(AggregateBuiltins::listType, OperandTypes.ANY)
            .aggregateKernel(readable("list", types -> ListAggregates.list("list")))
            .build();

    /** The list operator called {@code name} (list, array_agg), for AggregateSyntax. */
    static org.apache.calcite.sql.SqlOperator list(String name) {
        for (org.apache.calcite.sql.SqlOperator operator : LIST.operators()) {
            if (operator.getName().equalsIgnoreCase(name)) {
                return operator;
            }
        }
        throw new IllegalStateException("no list operator called " + name);
    }

    private static RelDataType listType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        return factory.createTypeWithNullability(factory.createArrayType(binding.getOperandType(0), -1), true);
    }

    private static RelDataType histogramType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType key = factory.createTypeWithNullability(binding.getOperandType(0), false);
        return factory.createTypeWithNullability(
                factory.createMapType(key, factory.createSqlType(SqlTypeName.BIGINT)), true);
    }

    /** The type of the first operand, nullable (NULL over no rows). */
    private static SqlReturnTypeInference sameAsFirst() {
        return ReturnTypes.ARG0.andThen(SqlTypeTransforms.FORCE_NULLABLE);
    }

    /** quantile_cont and median: DOUBLE for integers and floats, the DECIMAL itself, TIMESTAMP for DATE and TIMESTAMP. */
    private static RelDataType continuousQuantileType(SqlOperatorBinding binding) {
        RelDataType value = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType type = switch (value.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, REAL, FLOAT, DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
            case DATE -> factory.createSqlType(SqlTypeName.TIMESTAMP, 6);
            default -> value;
        };
        return factory.createTypeWithNullability(listOfQuantiles(binding, type), true);
    }

    /** {@code type}, or a LIST of it when the quantile argument is a list ({@code quantile_cont(x, [0.25, 0.75])}). */
    private static RelDataType listOfQuantiles(SqlOperatorBinding binding, RelDataType type) {
        if (binding.getOperandCount() > 1 && binding.getOperandType(1).getSqlTypeName() == SqlTypeName.ARRAY) {
            RelDataTypeFactory factory = binding.getTypeFactory();
            return factory.createArrayType(factory.createTypeWithNullability(type, true), -1);
        }
        return type;
    }

    /** quantile_disc: the type of x, or a LIST of it for a list of quantiles. */
    private static RelDataType discreteQuantileType(SqlOperatorBinding binding) {
        return binding.getTypeFactory()
                .createTypeWithNullability(listOfQuantiles(binding, binding.getOperandType(0)), true);
    }

    private static QuantileInput quantileInput(List<ArrowType> types) {
        return switch (types.getFirst()) {
            case ArrowType.Int integer -> QuantileInput.NUMBER;
            case ArrowType.FloatingPoint floating -> QuantileInput.NUMBER;
            case ArrowType.Decimal decimal -> QuantileInput.DECIMAL;
            case ArrowType.Date date -> QuantileInput.DATE;
            case ArrowType.Timestamp timestamp -> QuantileInput.TIMESTAMP;
            default -> QuantileInput.OTHER;
        };
    }

    /** A kernel factory that first checks the runtime can read every argument type. */
    private static BuiltinFunction.AggregateKernelFactory readable(
            String name, Function<List<ArrowType>, AggregateKernel> kernel) {
        return (types, output) -> {
            for (ArrowType type : types) {
                if (!ValueReader.supports(type)) {
                    throw new QuiverException(ErrorCode.UNSUPPORTED, name + " of " + type + " is not supported yet");
                }
            }
            return kernel.apply(types);
        };
    }
}
