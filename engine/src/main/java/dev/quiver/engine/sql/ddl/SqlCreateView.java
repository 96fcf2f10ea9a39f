package dev.quiver.engine.sql.ddl;

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

/** {@code CREATE [OR REPLACE] [TEMP | TEMPORARY] VIEW [IF NOT EXISTS] name [(column, ...)] AS query}. */
public final class SqlCreateView extends SqlCreate {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE VIEW", SqlKind.CREATE_VIEW);

    private final boolean temporary;
    private final SqlIdentifier name;
    private final SqlNodeList columnNames;
    private final SqlNode query;

    public SqlCreateView(
            SqlParserPos pos,
            boolean replace,
            boolean ifNotExists,
            boolean temporary,
            SqlIdentifier name,
            SqlNodeList columnNames,
            SqlNode query) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.temporary = temporary;
        this.name = Objects.requireNonNull(name, "name");
        this.columnNames = columnNames;
        this.query = Objects.requireNonNull(query, "query");
    }

    public SqlIdentifier name() {
        return name;
    }

    /** The column names given after the view's name, if any. */
    public Optional<SqlNodeList> columnNames() {
        return Optional.ofNullable(columnNames);
    }

    public SqlNode query() {
        return query;
    }

    public boolean temporary() {
        return temporary;
    }

    public boolean replace() {
        return getReplace();
    }

    public boolean ifNotExists() {
        return ifNotExists;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, columnNames, query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (replace()) {
            writer.keyword("OR REPLACE");
        }
        if (temporary) {
            writer.keyword("TEMPORARY");
        }
        writer.keyword("VIEW");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
        if (columnNames != null) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode column : columnNames) {
                writer.sep(",");
                column.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
        writer.keyword("AS");
        writer.newlineAndIndent();
        query.unparse(writer, 0, 0);
    }
}
