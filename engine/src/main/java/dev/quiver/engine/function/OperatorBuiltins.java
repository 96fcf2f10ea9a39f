package dev.quiver.engine.function;

import dev.quiver.engine.exec.expr.CoalesceExpr;
import dev.quiver.engine.exec.expr.ErrorExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.HashExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.MathFunctions;
import dev.quiver.engine.exec.expr.NullIfExpr;
import dev.quiver.engine.exec.expr.RowKernelExpr;
import dev.quiver.engine.exec.expr.SleepExpr;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.vector.NestedFields;
import java.util.List;
import java.util.function.LongBinaryOperator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * NULL handling functions, and documentation entries for the operators and special forms that
 * {@code plan/RexToExpr} translates itself (by SqlKind) and the table functions, so SHOW FUNCTIONS
 * and docs/sql.md list them too.
 */
final class OperatorBuiltins {
    /** hash()'s type: DuckDB's UBIGINT values need 20 digits, and Quiver has no unsigned integers. */
    private static final SqlReturnTypeInference HASH_TYPE =
            binding -> binding.getTypeFactory().createSqlType(SqlTypeName.DECIMAL, 20, 0);

    private OperatorBuiltins() {}

    static List<BuiltinFunction> definitions() {
        return List.of(
                BuiltinFunction.scalar("coalesce")
                        .signature("coalesce(a, b, ...) -> common type")
                        .describe("The first non-NULL argument.", "coalesce(NULL, 2, 3) = 2")
                        .standard(SqlStdOperatorTable.COALESCE)
                        .kernel(call -> new CoalesceExpr(call.operands(), call.result()))
                        .build(),
                BuiltinFunction.scalar("can_cast_implicitly")
                        .signature("can_cast_implicitly(source, target) -> BOOLEAN")
                        .describe(
                                "Whether a value of source's type is cast to target's type without being asked"
                                        + " (a wider number, DATE to TIMESTAMP, NULL to anything); only the types count.",
                                "can_cast_implicitly(1::INTEGER, 1::BIGINT) = true")
                        .typed(ReturnTypes.explicit(SqlTypeName.BOOLEAN), OperandTypes.ANY_ANY)
                        .kernel(call -> new LiteralExpr(
                                call.result(),
                                ImplicitCasts.allowed(
                                        call.operand(0).field(), call.operand(1).field())))
                        .build(),
                BuiltinFunction.scalar("nullif")
                        .signature("nullif(a, b) -> type of a")
                        .describe("NULL when a = b, else a.", "nullif(1, 1) = NULL")
                        .standard(SqlStdOperatorTable.NULLIF)
                        .kernel(call -> new NullIfExpr(call.operand(0), call.operand(1), call.result()))
                        .build(),
                BuiltinFunction.scalar("typeof")
                        .signature("typeof(x) -> VARCHAR")
                        .describe("The name of x's type, as DuckDB writes it.", "typeof(1.5) = 'DECIMAL(2,1)'")
                        .arrays()
                        .typed(ReturnTypes.explicit(SqlTypeName.VARCHAR), OperandTypes.ANY)
                        .replaces(SqlStdOperatorTable.TYPEOF)
                        .kernel(call -> new LiteralExpr(
                                call.result(),
                                NestedFields.sqlName(call.operand(0).field(), OperatorBuiltins::duckDbTypeName)))
                        .build(),
                BuiltinFunction.scalar("hash")
                        .signature("hash(value, ...) -> DECIMAL(20,0)")
                        .describe(
                                "DuckDB's 64-bit hash of the values (the same numbers), NULLs and nested values"
                                        + " included; DECIMAL(20,0) holding DuckDB's UBIGINT.",
                                "hash(1) = 4717996019076358352")
                        .typed(HASH_TYPE, OperandTypes.ONE_OR_MORE)
                        .kernel(call -> new HashExpr(call.operands(), call.result()))
                        .build(),
                BuiltinFunction.scalar("sleep_ms")
                        .signature("sleep_ms(milliseconds) -> NULL")
                        .describe(
                                "Waits that many milliseconds for each row (a cancel or statement_timeout stops"
                                        + " it), then answers NULL.",
                                "sleep_ms(100) IS NULL")
                        .typed(ReturnTypes.explicit(SqlTypeName.NULL), OperandTypes.NUMERIC)
                        .random()
                        .kernel(call ->
                                new SleepExpr(call.name(), call.operandAs(0, KernelCall.DOUBLE), 1e6, call.result()))
                        .build(),
                BuiltinFunction.scalar("pg_sleep")
                        .signature("pg_sleep(seconds) -> NULL")
                        .describe("As sleep_ms, in seconds (PostgreSQL's name).", "pg_sleep(0.1) IS NULL")
                        .typed(ReturnTypes.explicit(SqlTypeName.NULL), OperandTypes.NUMERIC)
                        .random()
                        .kernel(call ->
                                new SleepExpr(call.name(), call.operandAs(0, KernelCall.DOUBLE), 1e9, call.result()))
                        .build(),
                BuiltinFunction.scalar("error")
                        .signature("error(message) -> NULL")
                        .describe(
                                "Fails the statement with the message (NULL when the message is NULL); in a CASE"
                                        + " branch only for the rows that take it.",
                                "CASE WHEN x < 0 THEN error('negative') ELSE x END")
                        .typed(ReturnTypes.explicit(SqlTypeName.NULL), OperandTypes.CHARACTER)
                        .random()
                        .kernel(call -> new ErrorExpr(call.operand(0), call.result()))
                        .build(),
                operator(
                        "+, -, *, %",
                        "a + b, a - b, a * b, a % b, -a",
                        "Arithmetic; exact for integers and DECIMAL, overflow is an error.",
                        "7 % 3 = 1"),
                operator("/", "a / b -> DOUBLE", "Division: numbers give DOUBLE, as in DuckDB.", "7 / 2 = 3.5"),
                operator(
                        "add, subtract, multiply, divide",
                        "add(a[, b]), subtract(a[, b]), multiply(a, b), divide(a, b)",
                        "The operators +, -, * and // as functions; add(a) is a, subtract(a) is -a.",
                        "divide(7, 2) = 3"),
                operator(
                        "//", "a // b", "Integer division, truncated toward zero (other numbers: as /).", "7 // 2 = 3"),
                operator("**, ^", "a ** b, a ^ b -> DOUBLE", "Power, as power(a, b).", "2 ** 3 = 8.0"),
                operator("mod", "mod(a, b)", "Remainder, as %.", "mod(7, 3) = 1"),
                bitOperator("&", "Bitwise AND of two integers.", "5 & 3 = 1", SqlStdOperatorTable.BITAND_OPERATOR),
                bitOperator("|", "Bitwise OR of two integers.", "5 | 3 = 7", DuckDbOperators.BIT_OR),
                BuiltinFunction.operator("~")
                        .signature("~a")
                        .describe(
                                "Bitwise NOT of an integer, in its own type; binds looser than arithmetic"
                                        + " (~ 5 + 1 is ~(5 + 1)), as in DuckDB.",
                                "~5 = -6")
                        .standard(DuckDbOperators.BIT_NOT)
                        .kernel(call -> call.result().getType() instanceof ArrowType.Null
                                ? LiteralExpr.nullOf(call.result())
                                : new RowKernelExpr(
                                        call.name(),
                                        List.of(RowKernelExpr.Operand.INTEGER),
                                        row -> ~row.integer(0),
                                        false,
                                        List.of(call.operandAs(0, call.result().getType())),
                                        call.result()))
                        .build(),
                bitOperator(
                        "<<",
                        "a shifted left by b bits; a negative a, b out of 0 to the width - 1, or overflow is an error.",
                        "1 << 4 = 16",
                        SqlStdOperatorTable.BIT_LEFT_SHIFT),
                bitOperator(
                        ">>",
                        "a shifted right by b bits, keeping its sign (0 for b outside 0 to the width - 1).",
                        "16 >> 2 = 4",
                        DuckDbOperators.BIT_RIGHT_SHIFT),
                operator(
                        "if",
                        "if(condition, a, b) -> common type",
                        "a when the condition is true, else b (NULL counts as false): CASE WHEN condition"
                                + " THEN a ELSE b END.",
                        "if(1 > 2, 'x', 'y') = 'y'"),
                operator(
                        "ifnull",
                        "ifnull(a, b) -> common type",
                        "a, or b when a is NULL: coalesce(a, b).",
                        "ifnull(NULL, 10) = 10"),
                operator(
                        "=, <>, <, <=, >, >=",
                        "a = b (or a == b), ...",
                        "Comparisons; NULL when either side is NULL.",
                        "1 < 2 = true"),
                operator(
                        "is [not] distinct from",
                        "a IS DISTINCT FROM b",
                        "Comparison treating NULL as a value.",
                        "NULL IS DISTINCT FROM 1 = true"),
                operator("and, or, not", "a AND b, a OR b, NOT a", "Three-valued logic.", "NULL OR true = true"),
                operator(
                        "is [not] null",
                        "a IS NULL, a IS TRUE, a IS NOT FALSE, ...",
                        "Tests for NULL and truth values; never NULL.",
                        "NULL IS NULL = true"),
                operator(
                        "between",
                        "a [NOT] BETWEEN low AND high",
                        "low <= a AND a <= high.",
                        "2 BETWEEN 1 AND 3 = true"),
                operator(
                        "in",
                        "a [NOT] IN (v1, v2, ...)",
                        "Membership in a list (or a subquery).",
                        "2 IN (1, 2) = true"),
                operator(
                        "like",
                        "a [NOT] [I]LIKE pattern [ESCAPE c], a ~~ p, a !~~ p, a ~~* p, a !~~* p",
                        "Pattern match: % any text, _ one character; ILIKE and ~~* ignore case.",
                        "'hello' LIKE 'h%o' = true"),
                operator(
                        "glob",
                        "a [NOT] GLOB pattern",
                        "Shell-style match of the whole string: * any text, ? one character, [a-c], [!a-c];"
                                + " the pattern must be a constant.",
                        "'hello' GLOB 'h*o' = true"),
                operator(
                        "||",
                        "a || b -> VARCHAR",
                        "String concatenation; NULL when either side is NULL.",
                        "'a' || 'b' = 'ab'"),
                operator(
                        "case",
                        "CASE [x] WHEN ... THEN ... [ELSE ...] END",
                        "The value of the first branch whose condition holds.",
                        "CASE WHEN 1 > 0 THEN 'y' END = 'y'"),
                operator(
                        "cast",
                        "CAST(a AS type), a::type",
                        "Conversion, with DuckDB's text forms; bad input is an error.",
                        "CAST('12' AS INTEGER) = 12"),
                operator(
                        "try_cast",
                        "TRY_CAST(a AS type)",
                        "As CAST, but NULL where the value cannot be converted.",
                        "TRY_CAST('x' AS INTEGER) = NULL"),
                operator(
                        "date +/- interval",
                        "date_or_timestamp +/- [n *] INTERVAL k unit",
                        "Date arithmetic with a constant interval (n may come from a column).",
                        "DATE '2024-01-31' + INTERVAL 1 DAY = 2024-02-01"),
                operator(
                        "date +/- integer, date - date",
                        "date +/- days -> DATE, date - date -> BIGINT",
                        "DuckDB's day arithmetic: an INTEGER number of days, or the days between two dates.",
                        "DATE '2024-03-01' - DATE '2024-01-01' = 60"),
                BuiltinFunction.table("range")
                        .signature("range(stop), range(start, stop[, step])")
                        .describe(
                                "Table of BIGINTs from start (default 0) up to, not including, stop; of TIMESTAMPs"
                                        + " when start and stop are DATEs or TIMESTAMPs and step an INTERVAL (each"
                                        + " value the previous plus step).",
                                "SELECT * FROM range(3) -- 0, 1, 2")
                        .build(),
                BuiltinFunction.table("generate_series")
                        .signature("generate_series(start, stop[, step])")
                        .describe("As range, but including stop.", "SELECT * FROM generate_series(1, 3) -- 1, 2, 3")
                        .build(),
                BuiltinFunction.table("read_parquet")
                        .signature("read_parquet('path')")
                        .describe(
                                "The rows of a Parquet file (read by DuckDB).",
                                "SELECT * FROM read_parquet('t.parquet')")
                        .build(),
                BuiltinFunction.table("read_csv")
                        .signature("read_csv('path')")
                        .describe(
                                "The rows of a CSV file (read by DuckDB, types detected).",
                                "SELECT * FROM read_csv('t.csv')")
                        .build(),
                BuiltinFunction.table("python_info")
                        .signature("python_info()")
                        .describe(
                                "(name, value) rows: the embedded Python's version, executable and sys.path,"
                                        + " isolation, memory limits, each interpreter's state and memory, and the"
                                        + " process tier's Python, sys.path and worker processes.",
                                "SELECT value FROM python_info() WHERE name = 'sys_path'")
                        .build());
    }

    /** {@code hash(...)}: every value as text (a NULL as a marker text), mixed in order. */
    /** DuckDB's name of a type that is not nested (typeof). */
    private static String duckDbTypeName(ArrowType type) {
        return switch (ValueKind.of(type)) {
            case REAL -> "FLOAT";
            case VARBINARY -> "BLOB";
            case NULL -> "\"NULL\"";
            default -> ValueKind.sqlName(type);
        };
    }

    /** {@code &}, {@code |}, {@code <<} or {@code >>} on integers, in the result's width. */
    private static BuiltinFunction bitOperator(String name, String sentence, String example, SqlOperator operator) {
        return BuiltinFunction.operator(name)
                .signature("a " + name + " b")
                .describe(sentence, example)
                .standard(operator)
                .kernel(call -> {
                    Field result = call.result();
                    if (result.getType() instanceof ArrowType.Null) {
                        return LiteralExpr.nullOf(result); // NULL << 1
                    }
                    int bits = result.getType() instanceof ArrowType.Int integer ? integer.getBitWidth() : 64;
                    boolean shift = name.length() == 2; // the shift count keeps its own type
                    Expr left = KernelCall.cast(call.operand(0), result.getType());
                    Expr right = shift ? call.operand(1) : KernelCall.cast(call.operand(1), result.getType());
                    LongBinaryOperator function = switch (name) {
                        case "&" -> (a, b) -> a & b;
                        case "|" -> (a, b) -> a | b;
                        case "<<" -> (a, b) -> MathFunctions.leftShift(a, b, bits);
                        default -> (a, b) -> MathFunctions.rightShift(a, b, bits);
                    };
                    return new RowKernelExpr(
                            call.name(),
                            List.of(RowKernelExpr.Operand.INTEGER, RowKernelExpr.Operand.INTEGER),
                            row -> function.applyAsLong(row.integer(0), row.integer(1)),
                            name.equals("<<"),
                            List.of(left, right),
                            result);
                })
                .build();
    }

    private static BuiltinFunction operator(String name, String signature, String sentence, String example) {
        return BuiltinFunction.operator(name)
                .signature(signature)
                .describe(sentence, example)
                .build();
    }
}
