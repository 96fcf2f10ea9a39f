package dev.quiver.engine.sql.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * An INSERT, UPDATE or DELETE with DuckDB's additions that Calcite's nodes lack: {@code RETURNING},
 * {@code ON CONFLICT} (and {@code INSERT OR REPLACE / OR IGNORE}), {@code DEFAULT VALUES},
 * {@code UPDATE … FROM} and {@code DELETE … USING}. The parser makes one only when such a clause is
 * present; a plain statement stays Calcite's node.
 */
public final class SqlDataChange extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("DATA CHANGE", SqlKind.OTHER);

    /** What ON CONFLICT does with a proposed row whose key a row of the table has already. */
    public enum ConflictAction {
        /** Skip the row (ON CONFLICT DO NOTHING, INSERT OR IGNORE). */
        NOTHING,
        /** Update the existing row (ON CONFLICT DO UPDATE SET …). */
        UPDATE,
        /** Set every column of the existing row to the proposed one's (INSERT OR REPLACE). */
        REPLACE
    }

    /**
     * An ON CONFLICT clause.
     *
     * @param target    the key columns named in {@code ON CONFLICT (…)}, or null when none are named
     * @param action    what to do
     * @param columns   the columns DO UPDATE SET assigns (empty otherwise)
     * @param values    their new values, parallel to {@code columns}
     * @param condition DO UPDATE's WHERE, or null
     */
    public record OnConflict(
            SqlNodeList target, ConflictAction action, SqlNodeList columns, SqlNodeList values, SqlNode condition) {}

    private final SqlCall statement;
    private final SqlNodeList returning;
    private final OnConflict onConflict;
    private final SqlNode source;
    private final boolean defaultValues;

    /**
     * @param statement     Calcite's SqlInsert, SqlUpdate or SqlDelete (without the additions)
     * @param returning     the RETURNING select list, or null
     * @param onConflict    INSERT's ON CONFLICT clause, or null
     * @param source        UPDATE's FROM or DELETE's USING tables, or null
     * @param defaultValues whether the INSERT is {@code INSERT INTO t DEFAULT VALUES}
     */
    public SqlDataChange(
            SqlParserPos pos,
            SqlCall statement,
            SqlNodeList returning,
            OnConflict onConflict,
            SqlNode source,
            boolean defaultValues) {
        super(pos);
        this.statement = Objects.requireNonNull(statement, "statement");
        this.returning = returning;
        this.onConflict = onConflict;
        this.source = source;
        this.defaultValues = defaultValues;
    }

    /** Whether {@code statement} is an INSERT, UPDATE or DELETE, plain (Calcite's node) or with additions. */
    public static boolean isDataChange(SqlNode statement) {
        return statement instanceof SqlDataChange
                || statement instanceof SqlInsert
                || statement instanceof SqlUpdate
                || statement instanceof SqlDelete;
    }

    /** The statement without the additions: a SqlInsert, SqlUpdate or SqlDelete. */
    public SqlCall statement() {
        return statement;
    }

    /** The RETURNING select list, or null. */
    public SqlNodeList returning() {
        return returning;
    }

    /** The ON CONFLICT clause (INSERT OR REPLACE / OR IGNORE included), or null. */
    public OnConflict onConflict() {
        return onConflict;
    }

    /** UPDATE's FROM or DELETE's USING tables (one table expression, comma joins included), or null. */
    public SqlNode source() {
        return source;
    }

    /** Whether this is {@code INSERT INTO t DEFAULT VALUES} (the statement's source is a placeholder). */
    public boolean defaultValues() {
        return defaultValues;
    }

    /** The kind of the statement (INSERT, UPDATE, DELETE), so callers that sort statements see it as such. */
    @Override
    public SqlKind getKind() {
        return statement.getKind();
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        List<SqlNode> operands = new ArrayList<>();
        operands.add(statement);
        if (source != null) {
            operands.add(source);
        }
        if (onConflict != null) {
            operands.add(onConflict.values());
            if (onConflict.condition() != null) {
                operands.add(onConflict.condition());
            }
        }
        if (returning != null) {
            operands.add(returning);
        }
        return operands;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        statement.unparse(writer, leftPrec, rightPrec);
        if (source != null) {
            writer.keyword(statement.getKind() == SqlKind.DELETE ? "USING" : "FROM");
            source.unparse(writer, 0, 0);
        }
        if (onConflict != null) {
            writer.keyword("ON CONFLICT");
            if (onConflict.target() != null) {
                onConflict.target().unparse(writer, 0, 0);
            }
            writer.keyword(onConflict.action() == ConflictAction.NOTHING ? "DO NOTHING" : "DO UPDATE");
        }
        if (returning != null) {
            writer.keyword("RETURNING");
            returning.unparse(writer, 0, 0);
        }
    }
}
