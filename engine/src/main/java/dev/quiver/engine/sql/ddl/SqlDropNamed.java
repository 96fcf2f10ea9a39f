package dev.quiver.engine.sql.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code DROP <kind> [IF EXISTS] name [CASCADE | RESTRICT]}: what DROP TABLE, VIEW, SCHEMA and
 * SEQUENCE share; the operator names the kind.
 */
public abstract class SqlDropNamed extends SqlDrop {
    private final SqlIdentifier name;
    private final boolean cascade;

    SqlDropNamed(SqlOperator operator, SqlParserPos pos, boolean ifExists, SqlIdentifier name, boolean cascade) {
        super(operator, pos, ifExists);
        this.name = Objects.requireNonNull(name, "name");
        this.cascade = cascade;
    }

    /** Whether {@code CASCADE} was given: objects that depend on this one are dropped with it. */
    public boolean cascade() {
        return cascade;
    }

    /** The object's name; more than one part when qualified ({@code schema.name}). */
    public SqlIdentifier name() {
        return name;
    }

    /** Whether {@code IF EXISTS} was given. */
    public boolean ifExists() {
        return ifExists;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(getOperator().getName()); // "DROP TABLE", "DROP VIEW"
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
        if (cascade) {
            writer.keyword("CASCADE");
        }
    }
}
