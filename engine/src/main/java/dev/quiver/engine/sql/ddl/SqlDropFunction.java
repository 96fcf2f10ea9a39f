package dev.quiver.engine.sql.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP [AGGREGATE] FUNCTION [IF EXISTS] name}. */
public final class SqlDropFunction extends SqlDrop {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP FUNCTION", SqlKind.DROP_FUNCTION);

    private final SqlIdentifier name;
    private final boolean aggregate;

    /** @param aggregate whether {@code AGGREGATE} was written: then only an aggregate function may be dropped */
    public SqlDropFunction(SqlParserPos pos, boolean ifExists, SqlIdentifier name, boolean aggregate) {
        super(OPERATOR, pos, ifExists);
        this.name = Objects.requireNonNull(name, "name");
        this.aggregate = aggregate;
    }

    /** Whether {@code DROP AGGREGATE FUNCTION} was written. */
    public boolean aggregate() {
        return aggregate;
    }

    /** The function's name; more than one part when qualified ({@code schema.function}). */
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
        writer.keyword(aggregate ? "DROP AGGREGATE FUNCTION" : "DROP FUNCTION");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
    }
}
