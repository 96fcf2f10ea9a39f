package dev.quiver.engine.sql.parser;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** Static helpers the grammar's Java actions call (see {@code src/main/codegen/includes/parserImpls.ftl}). */
final class ParserSupport {
    /**
     * DuckDB's type names that are plain identifiers to Calcite, by upper-case name. FLOAT, BLOB and
     * DATETIME are Calcite keywords and handled in the grammar itself.
     */
    private static final Map<String, SqlTypeName> DUCKDB_TYPE_ALIASES = Map.ofEntries(
            Map.entry("BOOL", SqlTypeName.BOOLEAN),
            Map.entry("LOGICAL", SqlTypeName.BOOLEAN),
            Map.entry("INT1", SqlTypeName.TINYINT),
            Map.entry("INT2", SqlTypeName.SMALLINT),
            Map.entry("SHORT", SqlTypeName.SMALLINT),
            Map.entry("INT4", SqlTypeName.INTEGER),
            Map.entry("SIGNED", SqlTypeName.INTEGER),
            Map.entry("INT8", SqlTypeName.BIGINT),
            Map.entry("LONG", SqlTypeName.BIGINT),
            Map.entry("FLOAT4", SqlTypeName.REAL),
            Map.entry("FLOAT8", SqlTypeName.DOUBLE),
            Map.entry("STRING", SqlTypeName.VARCHAR),
            Map.entry("TEXT", SqlTypeName.VARCHAR),
            Map.entry("BYTEA", SqlTypeName.VARBINARY),
            Map.entry("TIMESTAMPTZ", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE));

    /**
     * The words that start a statement other than a query. They are DuckDB's unreserved keywords,
     * names where a name may stand; at a statement's start they start their statement.
     */
    private static final Set<Integer> STATEMENT_WORDS = Set.of(
            QuiverSqlParserImplConstants.ALTER,
            QuiverSqlParserImplConstants.CALL,
            QuiverSqlParserImplConstants.DELETE,
            QuiverSqlParserImplConstants.DROP,
            QuiverSqlParserImplConstants.EXPLAIN,
            QuiverSqlParserImplConstants.INSERT,
            QuiverSqlParserImplConstants.MERGE,
            QuiverSqlParserImplConstants.RESET,
            QuiverSqlParserImplConstants.SET,
            QuiverSqlParserImplConstants.UPDATE);

    private ParserSupport() {}

    /** Whether {@code token} starts a statement that is not a query (see {@link #STATEMENT_WORDS}). */
    static boolean startsStatement(Token token) {
        return STATEMENT_WORDS.contains(token.kind);
    }

    /** The Calcite type a DuckDB alias such as {@code text} stands for, or null if it is none. */
    static SqlTypeName duckDbTypeAlias(String identifier) {
        return DUCKDB_TYPE_ALIASES.get(identifier.toUpperCase(Locale.ROOT));
    }

    /** Whether {@code identifier} is DuckDB's HUGEINT or UHUGEINT, which Quiver holds as DECIMAL(38,0). */
    static boolean isHugeint(String identifier) {
        String name = identifier.toUpperCase(Locale.ROOT);
        return name.equals("HUGEINT") || name.equals("UHUGEINT") || name.equals("INT128");
    }

    /** The largest parameter number: a statement binds one value per number up to the largest. */
    private static final int MAX_PARAMETER_NUMBER = 65_535;

    /** The largest fixed-size ARRAY DuckDB allows. */
    private static final int MAX_ARRAY_SIZE = 100_000;

    /** The length {@code n} of a fixed-size array type {@code T[n]}: 1 to 100,000, as DuckDB allows. */
    static int arraySize(String digits, SqlParserPos pos) {
        long size;
        try {
            size = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            size = Long.MAX_VALUE;
        }
        if (size < 1) {
            throw error(pos, "ARRAY type size must be at least 1");
        }
        if (size > MAX_ARRAY_SIZE) {
            throw error(pos, "ARRAY type size must be at most " + MAX_ARRAY_SIZE);
        }
        return (int) size;
    }

    /** The number n of DuckDB's parameter {@code $n}: 1 or more, as DuckDB allows. */
    static int parameterNumber(String image, SqlParserPos pos) {
        int number;
        try {
            number = Integer.parseInt(image.substring(1));
        } catch (NumberFormatException e) {
            number = Integer.MAX_VALUE;
        }
        if (number < 1) {
            throw error(pos, "Parameter numbers must be greater than 0");
        }
        if (number > MAX_PARAMETER_NUMBER) {
            throw error(pos, "Parameter numbers must be at most " + MAX_PARAMETER_NUMBER);
        }
        return number;
    }

    /** Endings of compressed files that DuckDB's readers decompress, looked past for the format. */
    private static final List<String> COMPRESSIONS = List.of(".gz", ".zst");

    /**
     * The table function that reads {@code path} in DuckDB's replacement scan, by the file's
     * extension: {@code read_parquet} or {@code read_csv}.
     */
    static String fileReader(String path, SqlParserPos pos) {
        String name = path.toLowerCase(Locale.ROOT);
        for (String compression : COMPRESSIONS) {
            if (name.endsWith(compression)) {
                name = name.substring(0, name.length() - compression.length());
            }
        }
        if (name.endsWith(".parquet")) {
            return "read_parquet";
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return "read_csv";
        }
        throw error(
                pos,
                "no reader for the file '" + path + "': FROM 'file' reads .parquet, .csv and .tsv files;"
                        + " call read_csv or read_parquet to read another name");
    }

    /** The alias of a file read as a table: its name without directory and extensions ({@code data}). */
    static String fileAlias(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** {@code SELECT * FROM table}: what DESCRIBE, SHOW and SUMMARIZE of a name read. */
    static SqlNode selectAll(SqlIdentifier table) {
        SqlParserPos pos = table.getParserPosition();
        return new SqlSelect(
                pos,
                null,
                SqlNodeList.of(SqlIdentifier.star(pos)),
                table,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** The type of DuckDB's typed literal {@code name '...'} that Calcite does not parse itself, or null. */
    static SqlTypeName duckDbLiteralType(String name) {
        return name.equalsIgnoreCase("TIMESTAMPTZ") ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE : null;
    }

    /**
     * A syntax error raised from a grammar action. The generated parser turns it into a
     * {@code SqlParseException} with this message and position, like any other parse error.
     */
    static CalciteContextException error(SqlParserPos pos, String message) {
        return new CalciteContextException(
                message,
                new CalciteException(message, null),
                pos.getLineNum(),
                pos.getColumnNum(),
                pos.getEndLineNum(),
                pos.getEndColumnNum());
    }

    /** Whether {@code token} is the unquoted word {@code word}, which is no keyword (CONFLICT, DO, NOTHING, RENAME). */
    static boolean isWord(Token token, String word) {
        return token.kind == QuiverSqlParserImplConstants.IDENTIFIER && token.image.equalsIgnoreCase(word);
    }

    /** Where a token stands in the SQL text. */
    static SqlParserPos position(Token token) {
        return new SqlParserPos(token.beginLine, token.beginColumn, token.endLine, token.endColumn);
    }
}
