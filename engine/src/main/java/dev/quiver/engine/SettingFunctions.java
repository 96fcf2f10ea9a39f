package dev.quiver.engine;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.sql.SelectNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * {@code current_setting('name')} and {@code FROM duckdb_settings()}: both read the session's
 * {@link SessionSettings}, so they are replaced before planning — the call by a literal of the
 * value (BIGINT or VARCHAR, as the setting's type), the table by a VALUES list with columns
 * {@code name, value, description, input_type}.
 */
final class SettingFunctions {
    /** The one daemon thread that cancels statements whose statement_timeout has passed. */
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task ->
            Thread.ofPlatform().name("quiver-statement-timeout").daemon(true).unstarted(task));

    private static final List<String> LISTING_COLUMNS = List.of("name", "value", "description", "input_type");

    private SettingFunctions() {}

    /** {@code statement} with the setting functions replaced (queries and data changes only). */
    static SqlNode inline(SqlNode statement, SessionSettings settings) {
        boolean readsRows = statement.isA(SqlKind.QUERY)
                || statement instanceof SqlInsert
                || statement instanceof SqlUpdate
                || statement instanceof SqlDelete
                || statement instanceof SqlExplain;
        if (!readsRows || !mentionsSettings(statement)) {
            return statement;
        }
        return statement.accept(new Inliner(settings));
    }

    /** A cheap test first: most statements name neither function. */
    private static boolean mentionsSettings(SqlNode statement) {
        String text = statement.toString().toLowerCase(Locale.ROOT);
        return text.contains("current_setting") || text.contains("duckdb_settings");
    }

    private static final class Inliner extends SqlShuttle {
        private final SessionSettings settings;

        Inliner(SessionSettings settings) {
            this.settings = settings;
        }

        @Override
        public SqlNode visit(SqlCall call) {
            String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
            if (name.equals("current_setting")) {
                return currentSetting(call);
            }
            if (call.getKind() == SqlKind.COLLECTION_TABLE
                    && call.operand(0) instanceof SqlCall function
                    && function.getOperator().getName().equalsIgnoreCase("duckdb_settings")
                    && function.operandCount() == 0) {
                return listing(call.getParserPosition());
            }
            return super.visit(call);
        }

        private SqlNode currentSetting(SqlCall call) {
            SqlParserPos pos = call.getParserPosition();
            if (call.operandCount() != 1 || !(call.operand(0) instanceof SqlCharStringLiteral literal)) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "current_setting takes the setting's name as a string, e.g. current_setting('threads')",
                        pos.getLineNum(),
                        pos.getColumnNum(),
                        null);
            }
            String setting = literal.getValueAs(String.class);
            Object value = settings.value(setting);
            if (value == null) {
                throw new QuiverException(
                        ErrorCode.INVALID_ARGUMENT,
                        "unrecognized configuration parameter \"" + setting + "\"",
                        pos.getLineNum(),
                        pos.getColumnNum(),
                        null);
            }
            if (value instanceof Long number) { // BIGINT, as DuckDB types these settings
                return SqlStdOperatorTable.CAST.createCall(
                        pos,
                        SqlLiteral.createExactNumeric(number.toString(), pos),
                        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos), pos));
            }
            if (value instanceof Boolean flag) { // BOOLEAN, as DuckDB types ieee_floating_point_ops
                return SqlLiteral.createBoolean(flag, pos);
            }
            return SqlLiteral.createCharString(value.toString(), pos);
        }

        private SqlNode listing(SqlParserPos pos) {
            List<SqlNode> rows = new ArrayList<>();
            for (List<String> setting : settings.listing()) {
                List<SqlNode> values = new ArrayList<>();
                setting.forEach(value -> values.add(SqlLiteral.createCharString(value, pos)));
                rows.add(SqlStdOperatorTable.ROW.createCall(pos, values));
            }
            List<SqlNode> alias = new ArrayList<>();
            alias.add(SqlStdOperatorTable.VALUES.createCall(pos, rows));
            alias.add(new SqlIdentifier("duckdb_settings", pos));
            LISTING_COLUMNS.forEach(column -> alias.add(new SqlIdentifier(column, pos)));
            SqlNode named = SqlStdOperatorTable.AS.createCall(pos, alias);
            return SelectNodes.selectAll(pos, named);
        }
    }
}
