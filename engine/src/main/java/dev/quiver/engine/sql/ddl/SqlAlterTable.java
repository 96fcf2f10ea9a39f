package dev.quiver.engine.sql.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ALTER TABLE [IF EXISTS] name action}: one of DuckDB's table alterations. */
public final class SqlAlterTable extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER TABLE", SqlKind.ALTER_TABLE);

    /** The alteration. */
    public enum Action {
        /** ADD [COLUMN] [IF NOT EXISTS] column type [DEFAULT expr]. */
        ADD_COLUMN,
        /** DROP [COLUMN] [IF EXISTS] column. */
        DROP_COLUMN,
        /** RENAME [COLUMN] column TO new_name. */
        RENAME_COLUMN,
        /** RENAME TO new_name. */
        RENAME_TABLE,
        /** ALTER [COLUMN] column SET DEFAULT expr. */
        SET_DEFAULT,
        /** ALTER [COLUMN] column DROP DEFAULT. */
        DROP_DEFAULT,
        /** ALTER [COLUMN] column [SET DATA] TYPE type [USING expr]. */
        SET_TYPE,
        /** ALTER [COLUMN] column SET NOT NULL. */
        SET_NOT_NULL,
        /** ALTER [COLUMN] column DROP NOT NULL. */
        DROP_NOT_NULL
    }

    private final boolean ifExists;
    private final SqlIdentifier table;
    private final Action action;
    private final SqlIdentifier column;
    private final boolean ifColumnClause;
    private final SqlColumnDeclaration newColumn;
    private final SqlIdentifier newName;
    private final SqlDataTypeSpec type;
    private final SqlNode expression;

    /**
     * @param ifExists       ALTER TABLE IF EXISTS: nothing happens when there is no such table
     * @param column         the column altered, dropped or renamed (null for ADD COLUMN and RENAME TO)
     * @param ifColumnClause ADD COLUMN IF NOT EXISTS or DROP COLUMN IF EXISTS
     * @param newColumn      ADD COLUMN's column
     * @param newName        the new name of RENAME COLUMN and RENAME TO
     * @param type           SET TYPE's type
     * @param expression     SET DEFAULT's value or SET TYPE's USING expression (null without USING)
     */
    public SqlAlterTable(
            SqlParserPos pos,
            boolean ifExists,
            SqlIdentifier table,
            Action action,
            SqlIdentifier column,
            boolean ifColumnClause,
            SqlColumnDeclaration newColumn,
            SqlIdentifier newName,
            SqlDataTypeSpec type,
            SqlNode expression) {
        super(pos);
        this.ifExists = ifExists;
        this.table = Objects.requireNonNull(table, "table");
        this.action = Objects.requireNonNull(action, "action");
        this.column = column;
        this.ifColumnClause = ifColumnClause;
        this.newColumn = newColumn;
        this.newName = newName;
        this.type = type;
        this.expression = expression;
    }

    public boolean ifExists() {
        return ifExists;
    }

    public SqlIdentifier table() {
        return table;
    }

    public Action action() {
        return action;
    }

    /** The column altered, dropped or renamed; ADD COLUMN's column name. */
    public SqlIdentifier column() {
        return column != null ? column : newColumn != null ? newColumn.name() : null;
    }

    /** ADD COLUMN IF NOT EXISTS or DROP COLUMN IF EXISTS. */
    public boolean ifColumnClause() {
        return ifColumnClause;
    }

    public SqlColumnDeclaration newColumn() {
        return newColumn;
    }

    public SqlIdentifier newName() {
        return newName;
    }

    public SqlDataTypeSpec type() {
        return type;
    }

    /** SET DEFAULT's value, or SET TYPE's USING expression; null otherwise. */
    public SqlNode expression() {
        return expression;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        List<SqlNode> operands = new ArrayList<>();
        operands.add(table);
        for (SqlNode operand : new SqlNode[] {column, newColumn, newName, type, expression}) {
            if (operand != null) {
                operands.add(operand);
            }
        }
        return operands;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("ALTER TABLE");
        table.unparse(writer, 0, 0);
        writer.keyword(action.name().replace('_', ' '));
        for (SqlNode operand : getOperandList().subList(1, getOperandList().size())) {
            operand.unparse(writer, 0, 0);
        }
    }
}
