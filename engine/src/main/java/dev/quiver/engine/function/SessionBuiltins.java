package dev.quiver.engine.function;

import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.SequenceExpr;
import dev.quiver.engine.exec.expr.SequenceSource;
import java.util.List;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * Questions about where a statement runs, answered as DuckDB answers them for its own in-memory
 * database: Quiver's own database is {@code memory} (as SHOW DATABASES names it) and its one schema
 * {@code main}, whether or not it is stored in a file.
 */
final class SessionBuiltins {
    /** The name of Quiver's own database, as SHOW DATABASES lists it. */
    private static final String DATABASE = "memory";

    private static final String SCHEMA = "main";

    /** What DuckDB answers for {@code user} and its kin: it has no users either. */
    private static final String USER = "duckdb";

    private SessionBuiltins() {}

    static List<BuiltinFunction> definitions() {
        return List.of(
                BuiltinFunction.scalar("version")
                        .signature("version() -> VARCHAR")
                        .describe("Quiver's version, as v and the version number.", "version() LIKE 'v%'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.NILADIC)
                        .kernel(call -> new LiteralExpr(call.result(), "v" + QuiverVersion.version()))
                        .build(),
                BuiltinFunction.scalar("current_query")
                        .signature("current_query() -> VARCHAR")
                        .describe(
                                "The SQL text of the running statement (of the whole script when several"
                                        + " statements run as one).",
                                "current_query() = 'SELECT current_query()'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.NILADIC)
                        .kernel(call -> new LiteralExpr(call.result(), StatementText.current()))
                        .build(),
                BuiltinFunction.scalar("txid_current")
                        .signature("txid_current() -> BIGINT")
                        .describe(
                                "The number of the running transaction: the same for every statement of one"
                                        + " BEGIN … COMMIT, a new one for each statement outside (DuckDB's is a"
                                        + " UBIGINT).",
                                "txid_current() > 0")
                        .typed(ReturnTypes.BIGINT, OperandTypes.NILADIC)
                        .kernel(call -> new LiteralExpr(call.result(), TransactionId.current()))
                        .build(),
                BuiltinFunction.scalar("nextval")
                        .signature("nextval(sequence VARCHAR) -> BIGINT")
                        .describe(
                                "The next value of the named sequence (CREATE SEQUENCE); each call, row and"
                                        + " session gets a value of its own.",
                                "nextval('serial') > 0")
                        .typed(ReturnTypes.BIGINT_NULLABLE, OperandTypes.CHARACTER)
                        .random()
                        .kernel(call -> new SequenceExpr(
                                call.operandAs(0, KernelCall.VARCHAR), call.result(), true, SequenceSource.current()))
                        .build(),
                BuiltinFunction.scalar("currval")
                        .signature("currval(sequence VARCHAR) -> BIGINT")
                        .describe(
                                "The value the named sequence's nextval returned last; an error before the first"
                                        + " nextval.",
                                "currval('serial') > 0")
                        .typed(ReturnTypes.BIGINT_NULLABLE, OperandTypes.CHARACTER)
                        .random()
                        .kernel(call -> new SequenceExpr(
                                call.operandAs(0, KernelCall.VARCHAR), call.result(), false, SequenceSource.current()))
                        .build(),
                BuiltinFunction.scalar("current_database")
                        .signature("current_database() -> VARCHAR")
                        .describe("The name of the current database: memory.", "current_database() = 'memory'")
                        .typed(DuckDbReturnTypes.VARCHAR, OperandTypes.NILADIC)
                        .kernel(call -> new LiteralExpr(call.result(), DATABASE))
                        .build(),
                BuiltinFunction.scalar("current_catalog")
                        .signature("current_catalog -> VARCHAR")
                        .describe(
                                "The name of the current database (written without parentheses).",
                                "current_catalog = current_database()")
                        .standard(SqlStdOperatorTable.CURRENT_CATALOG)
                        .kernel(call -> new LiteralExpr(call.result(), DATABASE))
                        .build(),
                BuiltinFunction.scalar("current_schema")
                        .signature("current_schema[()] -> VARCHAR")
                        .describe("The name of the current schema: main.", "current_schema() = 'main'")
                        .standard(SqlStdOperatorTable.CURRENT_SCHEMA)
                        .kernel(call -> new LiteralExpr(call.result(), SCHEMA))
                        .build(),
                user("user", SqlStdOperatorTable.USER),
                user("current_user", SqlStdOperatorTable.CURRENT_USER),
                user("session_user", SqlStdOperatorTable.SESSION_USER),
                user("current_role", SqlStdOperatorTable.CURRENT_ROLE));
    }

    /** {@code name}, written without parentheses, as DuckDB answers it; a column of that name wins. */
    private static BuiltinFunction user(String name, SqlFunction standard) {
        return BuiltinFunction.scalar(name)
                .signature(name + " -> VARCHAR")
                .describe(
                        "The current user's name: duckdb, as DuckDB answers (written without parentheses).",
                        name + " = 'duckdb'")
                .standard(standard)
                .kernel(call -> new LiteralExpr(call.result(), USER))
                .build();
    }
}
