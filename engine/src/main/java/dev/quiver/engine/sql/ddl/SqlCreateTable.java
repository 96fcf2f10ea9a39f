package dev.quiver.engine.sql.ddl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] name (column type [NOT NULL], ...)} or
 * {@code ... name AS query}: exactly one of {@link #columns()} and {@link #query()} is present.
 */
public final class SqlCreateTable extends SqlCreate {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

    private final boolean temporary;
    private final SqlIdentifier name;
    private final SqlNodeList columnList;
    private final SqlNode query;

    /** Give {@code columnList} or {@code query}, not both; the other is null. */
    public SqlCreateTable(
            SqlParserPos pos,
            boolean replace,
            boolean ifNotExists,
            boolean temporary,
            SqlIdentifier name,
            SqlNodeList columnList,
            SqlNode query) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.temporary = temporary;
        if ((columnList == null) == (query == null)) {
            throw new IllegalArgumentException("CREATE TABLE needs a column list or a query, not both");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.columnList = columnList;
        this.query = query;
    }

    /** Whether TEMP or TEMPORARY was given: the table belongs to the connection and is never stored. */
    public boolean temporary() {
        return temporary;
    }

    /** The table's name; more than one part when qualified ({@code schema.table}). */
    public SqlIdentifier name() {
        return name;
    }

    /** The declared columns, in order; empty for {@code CREATE TABLE ... AS query}. */
    public List<SqlColumnDeclaration> columns() {
        if (columnList == null) {
            return List.of();
        }
        List<SqlColumnDeclaration> columns = new ArrayList<>(columnList.size());
        for (SqlNode column : columnList) {
            if (column instanceof SqlColumnDeclaration declaration) {
                columns.add(declaration);
            }
        }
        return Collections.unmodifiableList(columns);
    }

    /** The PRIMARY KEY, UNIQUE and CHECK constraints, of the table and of its columns, in order. */
    public List<SqlTableConstraint> constraints() {
        if (columnList == null) {
            return List.of();
        }
        List<SqlTableConstraint> constraints = new ArrayList<>();
        for (SqlNode node : columnList) {
            if (node instanceof SqlTableConstraint constraint) {
                constraints.add(constraint);
            }
        }
        return Collections.unmodifiableList(constraints);
    }

    /** The query of {@code CREATE TABLE ... AS query}. */
    public Optional<SqlNode> query() {
        return Optional.ofNullable(query);
    }

    /** Whether {@code OR REPLACE} was given. */
    public boolean replace() {
        return getReplace();
    }

    /** Whether {@code IF NOT EXISTS} was given. */
    public boolean ifNotExists() {
        return ifNotExists;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, columnList, query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (replace()) {
            writer.keyword("OR REPLACE");
        }
        if (temporary) {
            writer.keyword("TEMP");
        }
        writer.keyword("TABLE");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
        if (columnList != null) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode column : columnList) {
                writer.sep(",");
                column.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        } else {
            writer.keyword("AS");
            writer.newlineAndIndent();
            query.unparse(writer, 0, 0);
        }
    }
}
