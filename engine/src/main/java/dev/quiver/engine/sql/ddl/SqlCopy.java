package dev.quiver.engine.sql.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * DuckDB's {@code COPY table [(columns)] FROM 'path' [(options)]} and
 * {@code COPY table [(columns)] | (query) TO 'path' [(options)]}: rows between a table or a query and
 * a file. The options are DuckDB's (FORMAT, HEADER, DELIMITER, COMPRESSION, PARTITION_BY, ...).
 */
public final class SqlCopy extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("COPY", SqlKind.OTHER_DDL);

    private final SqlIdentifier table;
    private final SqlNodeList columns;
    private final SqlNode query;
    private final boolean from;
    private final SqlLiteral path;
    private final SqlNodeList options;

    /**
     * @param table   the table copied from or into, or null when {@code query} is given
     * @param columns the columns named after the table, or null for all of them
     * @param query   the query whose rows COPY ... TO writes, or null when {@code table} is given
     * @param from    true for COPY ... FROM (file into table), false for COPY ... TO
     * @param options alternating option names (identifiers) and values (a literal, an identifier, a
     *                list of identifiers, or null when the option was given without a value)
     */
    public SqlCopy(
            SqlParserPos pos,
            SqlIdentifier table,
            SqlNodeList columns,
            SqlNode query,
            boolean from,
            SqlLiteral path,
            SqlNodeList options) {
        super(pos);
        if ((table == null) == (query == null)) {
            throw new IllegalArgumentException("COPY names either a table or a query");
        }
        this.table = table;
        this.columns = columns;
        this.query = query;
        this.from = from;
        this.path = Objects.requireNonNull(path, "path");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The table copied from or into; null when a query is copied. */
    public SqlIdentifier table() {
        return table;
    }

    /** The columns named after the table; null when none were named. */
    public SqlNodeList columns() {
        return columns;
    }

    /** The query copied to a file; null when a table is named. */
    public SqlNode query() {
        return query;
    }

    /** Whether this is COPY ... FROM (a file into a table) rather than COPY ... TO. */
    public boolean isFrom() {
        return from;
    }

    /** The file's path as written. */
    public String path() {
        return path.getValueAs(String.class);
    }

    /** The options, as (name, value-or-null) pairs in the order written. */
    public List<SqlAttach.Option> options() {
        List<SqlAttach.Option> pairs = new ArrayList<>();
        for (int index = 0; index + 1 < options.size(); index += 2) {
            pairs.add(new SqlAttach.Option((SqlIdentifier) options.get(index), options.get(index + 1)));
        }
        return pairs;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        // only the parts present, and not the options (a flag's value is null): visitors (the
        // server's file policy) walk every operand
        return Stream.of(table, columns, query, path).filter(Objects::nonNull).toList();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("COPY");
        if (query != null) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            query.unparse(writer, 0, 0);
            writer.endList(frame);
        } else {
            table.unparse(writer, leftPrec, rightPrec);
            if (columns != null) {
                SqlWriter.Frame frame = writer.startList("(", ")");
                for (SqlNode column : columns) {
                    writer.sep(",");
                    column.unparse(writer, 0, 0);
                }
                writer.endList(frame);
            }
        }
        writer.keyword(from ? "FROM" : "TO");
        path.unparse(writer, leftPrec, rightPrec);
        if (!options.isEmpty()) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlAttach.Option option : options()) {
                writer.sep(",");
                option.name().unparse(writer, 0, 0);
                if (option.value() != null) {
                    option.value().unparse(writer, 0, 0);
                }
            }
            writer.endList(frame);
        }
    }
}
