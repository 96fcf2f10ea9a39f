package dev.quiver.engine.jdbc;

import dev.quiver.engine.catalog.NamePattern;
import dev.quiver.engine.catalog.PythonUdf;
import dev.quiver.engine.catalog.Relation;
import dev.quiver.engine.catalog.TableConstraints;
import dev.quiver.udf.TableColumn;
import dev.quiver.udf.UdfType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * What a JDBC client can learn about a Quiver database: its tables and columns, its Python
 * functions, its types, and which SQL and JDBC features it has. Quiver's own tables, views and
 * functions are in schema {@value #SCHEMA} with no catalog; an attached database's tables are in its
 * alias as catalog, under their schema in the file. Unquoted identifiers are stored in lower case; all names match case-insensitively.
 * Capabilities Quiver does not claim answer false (or 0); unsupported listings throw
 * SQLFeatureNotSupportedException.
 */
public final class QuiverDatabaseMetaData implements DatabaseMetaData {
    /** The one schema tables live in (as in DuckDB). */
    static final String SCHEMA = Relation.MAIN_SCHEMA;

    private final QuiverConnection connection;

    QuiverDatabaseMetaData(QuiverConnection connection) {
        this.connection = connection;
    }

    private static MetadataRows.Column text(String name) {
        return new MetadataRows.Column(name, MetadataRows.TEXT);
    }

    private static MetadataRows.Column integer(String name) {
        return new MetadataRows.Column(name, MetadataRows.INT);
    }

    private static MetadataRows.Column small(String name) {
        return new MetadataRows.Column(name, MetadataRows.SHORT);
    }

    private static MetadataRows.Column bool(String name) {
        return new MetadataRows.Column(name, MetadataRows.BOOL);
    }

    /** Whether {@code name} matches a JDBC LIKE pattern ({@code %}, {@code _}, escape {@code \\}); null matches all. */
    static boolean matches(String pattern, String name) {
        return NamePattern.matches(pattern, name, true);
    }

    /**
     * Whether a listing filtered by {@code catalog} (null: any; empty: Quiver's own, which have none;
     * else an attached database's alias) and the two patterns shows {@code relation}.
     */
    private static boolean listed(Relation relation, String catalog, String schemaPattern, String namePattern) {
        return Relation.inCatalog(catalog, relation.catalog())
                && matches(schemaPattern, relation.schema())
                && matches(namePattern, relation.name());
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        connection.checkOpen();
        MetadataRows rows = new MetadataRows(List.of(
                text("TABLE_CAT"),
                text("TABLE_SCHEM"),
                text("TABLE_NAME"),
                text("TABLE_TYPE"),
                text("REMARKS"),
                text("TYPE_CAT"),
                text("TYPE_SCHEM"),
                text("TYPE_NAME"),
                text("SELF_REFERENCING_COL_NAME"),
                text("REF_GENERATION")));
        for (Relation relation : connection.database().catalog().relations()) {
            boolean wanted = types == null
                    || Arrays.stream(types).anyMatch(relation.kind().name()::equalsIgnoreCase);
            if (wanted && listed(relation, catalog, schemaPattern, tableNamePattern)) {
                rows.add(
                        relation.catalog(),
                        relation.schema(),
                        relation.name(),
                        relation.kind().name(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
            }
        }
        return rows.toResultSet(connection);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        connection.checkOpen();
        MetadataRows rows = new MetadataRows(List.of(
                text("TABLE_CAT"),
                text("TABLE_SCHEM"),
                text("TABLE_NAME"),
                text("COLUMN_NAME"),
                integer("DATA_TYPE"),
                text("TYPE_NAME"),
                integer("COLUMN_SIZE"),
                integer("BUFFER_LENGTH"),
                integer("DECIMAL_DIGITS"),
                integer("NUM_PREC_RADIX"),
                integer("NULLABLE"),
                text("REMARKS"),
                text("COLUMN_DEF"),
                integer("SQL_DATA_TYPE"),
                integer("SQL_DATETIME_SUB"),
                integer("CHAR_OCTET_LENGTH"),
                integer("ORDINAL_POSITION"),
                text("IS_NULLABLE"),
                text("SCOPE_CATALOG"),
                text("SCOPE_SCHEMA"),
                text("SCOPE_TABLE"),
                small("SOURCE_DATA_TYPE"),
                text("IS_AUTOINCREMENT"),
                text("IS_GENERATEDCOLUMN")));
        for (Relation relation : connection.database().catalog().relations()) {
            if (listed(relation, catalog, schemaPattern, tableNamePattern)) {
                List<Field> fields = relation.columns().get();
                for (int index = 0; index < fields.size(); index++) {
                    Field field = fields.get(index);
                    if (!matches(columnNamePattern, field.getName())) {
                        continue;
                    }
                    int type = JdbcTypes.sqlType(field);
                    boolean numeric = JdbcTypes.isSigned(field);
                    rows.add(
                            relation.catalog(),
                            relation.schema(),
                            relation.name(),
                            field.getName(),
                            type,
                            JdbcTypes.typeName(type),
                            JdbcTypes.precision(field),
                            null,
                            numeric || type == Types.TIMESTAMP ? JdbcTypes.scale(field) : null,
                            numeric ? 10 : null,
                            field.isNullable() ? columnNullable : columnNoNulls,
                            null,
                            null,
                            null,
                            null,
                            type == Types.VARCHAR || type == Types.VARBINARY ? Integer.MAX_VALUE : null,
                            index + 1,
                            field.isNullable() ? "YES" : "NO",
                            null,
                            null,
                            null,
                            null,
                            "NO",
                            "NO");
                }
            }
        }
        return rows.toResultSet(connection);
    }

    /** The database's Python functions, with their signatures as REMARKS. */
    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        connection.checkOpen();
        MetadataRows rows = new MetadataRows(List.of(
                text("FUNCTION_CAT"),
                text("FUNCTION_SCHEM"),
                text("FUNCTION_NAME"),
                text("REMARKS"),
                small("FUNCTION_TYPE"),
                text("SPECIFIC_NAME")));
        if (Relation.inCatalog(catalog, null) && matches(schemaPattern, SCHEMA)) { // functions: no catalog
            for (PythonUdf function :
                    connection.database().catalog().functions().functions()) {
                if (matches(functionNamePattern, function.name())) {
                    rows.add(
                            null,
                            SCHEMA,
                            function.name(),
                            // the kind first: scalar, vectorized, aggregate or table
                            "Python " + function.kindName() + " function " + function.signature(),
                            (short) (function.isTable() ? functionReturnsTable : functionNoTable),
                            function.name());
                }
            }
        }
        return rows.toResultSet(connection);
    }

    @Override
    public ResultSet getFunctionColumns(
            String catalog, String schemaPattern, String functionNamePattern, String columnNamePattern)
            throws SQLException {
        connection.checkOpen();
        MetadataRows rows = new MetadataRows(List.of(
                text("FUNCTION_CAT"),
                text("FUNCTION_SCHEM"),
                text("FUNCTION_NAME"),
                text("COLUMN_NAME"),
                small("COLUMN_TYPE"),
                integer("DATA_TYPE"),
                text("TYPE_NAME"),
                integer("PRECISION"),
                integer("LENGTH"),
                small("SCALE"),
                small("RADIX"),
                small("NULLABLE"),
                text("REMARKS"),
                integer("CHAR_OCTET_LENGTH"),
                integer("ORDINAL_POSITION"),
                text("IS_NULLABLE"),
                text("SPECIFIC_NAME")));
        if (Relation.inCatalog(catalog, null) && matches(schemaPattern, SCHEMA)) { // functions: no catalog
            for (PythonUdf function :
                    connection.database().catalog().functions().functions()) {
                if (matches(functionNamePattern, function.name())) {
                    addFunctionColumns(rows, function, columnNamePattern);
                }
            }
        }
        return rows.toResultSet(connection);
    }

    /**
     * A function's parameters (in), then its result: one return row for a scalar, vectorized or
     * aggregate function, one result column row per declared column for a table function.
     */
    private static void addFunctionColumns(MetadataRows rows, PythonUdf function, String columnNamePattern) {
        int ordinal = 0;
        for (int index = 0; index < function.parameterTypes().size(); index++) {
            ordinal++;
            String name = function.parameterNames().get(index);
            if (matches(columnNamePattern, name) && index == function.tableParameter()) {
                addTableParameter(rows, function, name, ordinal);
            } else if (matches(columnNamePattern, name)) {
                addFunctionColumn(
                        rows,
                        function,
                        name,
                        functionColumnIn,
                        function.parameterTypes().get(index),
                        ordinal);
            }
        }
        if (function.isTable()) {
            for (TableColumn column : function.resultColumns()) {
                ordinal++;
                if (matches(columnNamePattern, column.name())) {
                    addFunctionColumn(rows, function, column.name(), functionColumnResult, column.type(), ordinal);
                }
            }
        } else if (matches(columnNamePattern, "")) {
            addFunctionColumn(rows, function, "", functionReturn, function.returnType(), 0);
        }
    }

    /** A table function's TABLE parameter: type name TABLE, JDBC type OTHER (it takes a whole table). */
    private static void addTableParameter(MetadataRows rows, PythonUdf function, String name, int ordinal) {
        rows.add(
                null,
                SCHEMA,
                function.name(),
                name,
                (short) functionColumnIn,
                Types.OTHER,
                "TABLE",
                null,
                null,
                null,
                null,
                (short) functionNullable,
                null,
                null,
                ordinal,
                "YES",
                function.name());
    }

    private static void addFunctionColumn(
            MetadataRows rows, PythonUdf function, String name, int columnType, UdfType type, int ordinal) {
        Field field = type.toField(name);
        int sqlType = JdbcTypes.sqlType(field);
        boolean numeric = JdbcTypes.isSigned(field);
        rows.add(
                null,
                SCHEMA,
                function.name(),
                name,
                (short) columnType,
                sqlType,
                JdbcTypes.typeName(sqlType),
                JdbcTypes.precision(field),
                null,
                numeric || sqlType == Types.TIMESTAMP ? (short) JdbcTypes.scale(field) : null,
                numeric ? (short) 10 : null,
                (short) functionNullable,
                null,
                null,
                ordinal,
                "YES",
                function.name());
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        connection.checkOpen();
        MetadataRows rows = new MetadataRows(List.of(text("TABLE_SCHEM"), text("TABLE_CATALOG")));
        Set<List<String>> seen = new LinkedHashSet<>();
        seen.add(Arrays.asList(Relation.MAIN_SCHEMA, null)); // Quiver's own schema, also when empty
        connection.database().catalog().schemas().forEach(schema -> seen.add(Arrays.asList(schema, null)));
        for (Relation relation : connection.database().catalog().relations()) {
            seen.add(Arrays.asList(relation.schema(), relation.catalog()));
        }
        for (List<String> schema : seen) {
            if (Relation.inCatalog(catalog, schema.get(1)) && matches(schemaPattern, schema.get(0))) {
                rows.add(schema.get(0), schema.get(1));
            }
        }
        return rows.toResultSet(connection);
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        connection.checkOpen();
        MetadataRows rows = new MetadataRows(List.of(text("TABLE_CAT")));
        connection.database().catalog().attachedDatabases().forEach(database -> rows.add(database.alias()));
        return rows.toResultSet(connection);
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        connection.checkOpen();
        return new MetadataRows(List.of(text("TABLE_TYPE")))
                .add(Relation.Kind.TABLE.name())
                .add(Relation.Kind.VIEW.name())
                .toResultSet(connection);
    }

    /** The columns of each named table's primary key, as {@code CREATE TABLE ... PRIMARY KEY} declared them. */
    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        connection.checkOpen();
        MetadataRows rows = new MetadataRows(List.of(
                text("TABLE_CAT"),
                text("TABLE_SCHEM"),
                text("TABLE_NAME"),
                text("COLUMN_NAME"),
                small("KEY_SEQ"),
                text("PK_NAME")));
        for (KeyColumn column : keyColumns(catalog, schema, table)) {
            if (column.key().primary()) {
                rows.add(
                        column.relation().catalog(),
                        column.relation().schema(),
                        column.relation().name(),
                        column.name(),
                        (short) column.position(),
                        column.key().name());
            }
        }
        return rows.toResultSet(connection);
    }

    /**
     * The primary key and UNIQUE constraints as unique indexes (Quiver has no other indexes), one
     * row per key column; {@code approximate} is moot: there are no statistics rows.
     */
    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        connection.checkOpen();
        MetadataRows rows = new MetadataRows(List.of(
                text("TABLE_CAT"),
                text("TABLE_SCHEM"),
                text("TABLE_NAME"),
                bool("NON_UNIQUE"),
                text("INDEX_QUALIFIER"),
                text("INDEX_NAME"),
                small("TYPE"),
                small("ORDINAL_POSITION"),
                text("COLUMN_NAME"),
                text("ASC_OR_DESC"),
                integer("CARDINALITY"),
                integer("PAGES"),
                text("FILTER_CONDITION")));
        for (KeyColumn column : keyColumns(catalog, schema, table)) {
            rows.add(
                    column.relation().catalog(),
                    column.relation().schema(),
                    column.relation().name(),
                    false,
                    null,
                    column.key().name(),
                    DatabaseMetaData.tableIndexOther,
                    (short) column.position(),
                    column.name(),
                    "A",
                    null,
                    null,
                    null);
        }
        return rows.toResultSet(connection);
    }

    /** A column of a key: its 1-based position in the key. */
    private record KeyColumn(Relation relation, TableConstraints.NamedKey key, int position) {
        String name() {
            return key.columns().get(position - 1);
        }
    }

    /**
     * The key columns of the tables a key listing names, key by key: {@code table} is a name, not a
     * pattern (null: any, as drivers allow).
     */
    private List<KeyColumn> keyColumns(String catalog, String schema, String table) {
        List<KeyColumn> columns = new java.util.ArrayList<>();
        for (Relation relation : connection.database().catalog().relations()) {
            if (relation.kind() != Relation.Kind.TABLE
                    || !Relation.inCatalog(catalog, relation.catalog())
                    || schema != null && !schema.equalsIgnoreCase(relation.schema())
                    || table != null && !table.equalsIgnoreCase(relation.name())) {
                continue;
            }
            for (TableConstraints.NamedKey key : relation.constraints().get().namedKeys(relation.name())) {
                for (int position = 1; position <= key.columns().size(); position++) {
                    columns.add(new KeyColumn(relation, key, position));
                }
            }
        }
        return columns;
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        connection.checkOpen();
        MetadataRows rows = new MetadataRows(List.of(
                text("TYPE_NAME"),
                integer("DATA_TYPE"),
                integer("PRECISION"),
                text("LITERAL_PREFIX"),
                text("LITERAL_SUFFIX"),
                text("CREATE_PARAMS"),
                small("NULLABLE"),
                bool("CASE_SENSITIVE"),
                small("SEARCHABLE"),
                bool("UNSIGNED_ATTRIBUTE"),
                bool("FIXED_PREC_SCALE"),
                bool("AUTO_INCREMENT"),
                text("LOCAL_TYPE_NAME"),
                small("MINIMUM_SCALE"),
                small("MAXIMUM_SCALE"),
                integer("SQL_DATA_TYPE"),
                integer("SQL_DATETIME_SUB"),
                integer("NUM_PREC_RADIX")));
        rows.add(
                "BOOLEAN",
                Types.BOOLEAN,
                1,
                null,
                null,
                null,
                typeNullable(),
                false,
                typeSearchable(),
                false,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                null);
        rows.add(
                "TINYINT",
                Types.TINYINT,
                3,
                null,
                null,
                null,
                typeNullable(),
                false,
                typeSearchable(),
                false,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                10);
        rows.add(
                "SMALLINT",
                Types.SMALLINT,
                5,
                null,
                null,
                null,
                typeNullable(),
                false,
                typeSearchable(),
                false,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                10);
        rows.add(
                "INTEGER",
                Types.INTEGER,
                10,
                null,
                null,
                null,
                typeNullable(),
                false,
                typeSearchable(),
                false,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                10);
        rows.add(
                "BIGINT",
                Types.BIGINT,
                19,
                null,
                null,
                null,
                typeNullable(),
                false,
                typeSearchable(),
                false,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                10);
        rows.add(
                "REAL",
                Types.REAL,
                7,
                null,
                null,
                null,
                typeNullable(),
                false,
                typeSearchable(),
                false,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                10);
        rows.add(
                "DOUBLE",
                Types.DOUBLE,
                15,
                null,
                null,
                null,
                typeNullable(),
                false,
                typeSearchable(),
                false,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                10);
        rows.add(
                "DECIMAL",
                Types.DECIMAL,
                38,
                null,
                null,
                "precision,scale",
                typeNullable(),
                false,
                typeSearchable(),
                false,
                true,
                false,
                null,
                0,
                38,
                null,
                null,
                10);
        rows.add(
                "VARCHAR",
                Types.VARCHAR,
                Integer.MAX_VALUE,
                "'",
                "'",
                null,
                typeNullable(),
                true,
                typeSearchable(),
                true,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                null);
        rows.add(
                "VARBINARY",
                Types.VARBINARY,
                Integer.MAX_VALUE,
                "x'",
                "'",
                null,
                typeNullable(),
                false,
                typeSearchable(),
                true,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                null);
        rows.add(
                "DATE",
                Types.DATE,
                10,
                "DATE '",
                "'",
                null,
                typeNullable(),
                false,
                typeSearchable(),
                true,
                false,
                false,
                null,
                0,
                0,
                null,
                null,
                null);
        rows.add(
                "TIMESTAMP",
                Types.TIMESTAMP,
                26,
                "TIMESTAMP '",
                "'",
                null,
                typeNullable(),
                false,
                typeSearchable(),
                true,
                false,
                false,
                null,
                6,
                6,
                null,
                null,
                null);
        return rows.toResultSet(connection);
    }

    private static short typeNullable() {
        return (short) DatabaseMetaData.typeNullable;
    }

    private static short typeSearchable() {
        return (short) DatabaseMetaData.typeSearchable;
    }

    // About the product and the driver.

    @Override
    public String getDatabaseProductName() {
        return "Quiver";
    }

    @Override
    public String getDatabaseProductVersion() {
        return "0.1.0";
    }

    @Override
    public int getDatabaseMajorVersion() {
        return 0;
    }

    @Override
    public int getDatabaseMinorVersion() {
        return 1;
    }

    @Override
    public String getDriverName() {
        return "Quiver JDBC driver";
    }

    @Override
    public String getDriverVersion() {
        return "0.1.0";
    }

    @Override
    public int getDriverMajorVersion() {
        return 0;
    }

    @Override
    public int getDriverMinorVersion() {
        return 1;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 3;
    }

    @Override
    public String getURL() {
        return connection.url();
    }

    @Override
    public String getUserName() {
        return null; // Quiver has no users
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public boolean usesLocalFiles() {
        return connection.database().path().isPresent();
    }

    @Override
    public boolean usesLocalFilePerTable() {
        return false;
    }

    // Identifiers: unquoted ones fold to lower case; quoted ones keep their case; all match case-insensitively.

    @Override
    public String getIdentifierQuoteString() {
        return "\"";
    }

    @Override
    public boolean storesLowerCaseIdentifiers() {
        return false; // names keep the case they were written with and match ignoring it, as in DuckDB
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() {
        return true;
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() {
        return false;
    }

    @Override
    public String getSearchStringEscape() {
        return "\\";
    }

    @Override
    public String getExtraNameCharacters() {
        return "";
    }

    @Override
    public String getSchemaTerm() {
        return "schema";
    }

    @Override
    public String getProcedureTerm() {
        return "procedure";
    }

    @Override
    public String getCatalogTerm() {
        return "catalog";
    }

    @Override
    public String getCatalogSeparator() {
        return ".";
    }

    @Override
    public boolean isCatalogAtStart() {
        return true;
    }

    @Override
    public String getSQLKeywords() {
        return "";
    }

    @Override
    public String getNumericFunctions() {
        return "ABS,CEILING,FLOOR,MOD,POWER,ROUND,SQRT";
    }

    @Override
    public String getStringFunctions() {
        return "CHAR_LENGTH,CONCAT,LOWER,POSITION,SUBSTRING,TRIM,UPPER";
    }

    @Override
    public String getSystemFunctions() {
        return "";
    }

    @Override
    public String getTimeDateFunctions() {
        return "EXTRACT";
    }

    // Transactions: snapshot isolation (reported as REPEATABLE READ); only data changes join them.

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    @Override
    public int getDefaultTransactionIsolation() {
        return Connection.TRANSACTION_REPEATABLE_READ;
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level != Connection.TRANSACTION_NONE;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) {
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getSQLStateType() {
        return sqlStateSQL;
    }

    @Override
    public RowIdLifetime getRowIdLifetime() {
        return RowIdLifetime.ROWID_UNSUPPORTED;
    }

    // SQL that Quiver has.

    @Override
    public boolean nullsAreSortedAtEnd() {
        return true; // NULLs last, ascending and descending, as in DuckDB
    }

    @Override
    public boolean nullPlusNonNullIsNull() {
        return true;
    }

    @Override
    public boolean allTablesAreSelectable() {
        return true;
    }

    @Override
    public boolean supportsBatchUpdates() {
        return true;
    }

    @Override
    public boolean supportsColumnAliasing() {
        return true;
    }

    @Override
    public boolean supportsGroupBy() {
        return true;
    }

    @Override
    public boolean supportsGroupByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsOrderByUnrelated() {
        return true;
    }

    @Override
    public boolean supportsExpressionsInOrderBy() {
        return true;
    }

    @Override
    public boolean supportsUnion() {
        return true;
    }

    @Override
    public boolean supportsUnionAll() {
        return true;
    }

    @Override
    public boolean supportsOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsLimitedOuterJoins() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInExists() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInIns() {
        return true;
    }

    @Override
    public boolean supportsSubqueriesInComparisons() {
        return true;
    }

    @Override
    public boolean supportsCorrelatedSubqueries() {
        return true;
    }

    @Override
    public boolean supportsTableCorrelationNames() {
        return true;
    }

    @Override
    public boolean supportsNonNullableColumns() {
        return true;
    }

    @Override
    public boolean supportsMinimumSQLGrammar() {
        return true;
    }

    @Override
    public boolean supportsLikeEscapeClause() {
        return true;
    }

    @Override
    public boolean supportsMultipleTransactions() {
        return true; // connections run statements independently
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // Not supported: conservative answers for capabilities Quiver does not claim; the rest throws
    // SQLFeatureNotSupportedException.

    @Override
    public boolean allProceduresAreCallable() throws SQLException {
        return false;
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        return false;
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        return false;
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        return false;
    }

    @Override
    public boolean deletesAreDetected(int arg0) throws SQLException {
        return false;
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        return false;
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        return false;
    }

    @Override
    public ResultSet getAttributes(String arg0, String arg1, String arg2, String arg3) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getAttributes");
    }

    @Override
    public ResultSet getBestRowIdentifier(String arg0, String arg1, String arg2, int arg3, boolean arg4)
            throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getBestRowIdentifier");
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getClientInfoProperties");
    }

    @Override
    public ResultSet getColumnPrivileges(String arg0, String arg1, String arg2, String arg3) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getColumnPrivileges");
    }

    @Override
    public ResultSet getCrossReference(String arg0, String arg1, String arg2, String arg3, String arg4, String arg5)
            throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getCrossReference");
    }

    @Override
    public ResultSet getExportedKeys(String arg0, String arg1, String arg2) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getExportedKeys");
    }

    @Override
    public ResultSet getImportedKeys(String arg0, String arg1, String arg2) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getImportedKeys");
    }

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxConnections() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxStatements() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        return 0;
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        return 0;
    }

    @Override
    public ResultSet getProcedureColumns(String arg0, String arg1, String arg2, String arg3) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getProcedureColumns");
    }

    @Override
    public ResultSet getProcedures(String arg0, String arg1, String arg2) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getProcedures");
    }

    @Override
    public ResultSet getPseudoColumns(String arg0, String arg1, String arg2, String arg3) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getPseudoColumns");
    }

    @Override
    public ResultSet getSuperTables(String arg0, String arg1, String arg2) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getSuperTables");
    }

    @Override
    public ResultSet getSuperTypes(String arg0, String arg1, String arg2) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getSuperTypes");
    }

    @Override
    public ResultSet getTablePrivileges(String arg0, String arg1, String arg2) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getTablePrivileges");
    }

    @Override
    public ResultSet getUDTs(String arg0, String arg1, String arg2, int[] arg3) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getUDTs");
    }

    @Override
    public ResultSet getVersionColumns(String arg0, String arg1, String arg2) throws SQLException {
        throw SqlErrors.unsupported("DatabaseMetaData.getVersionColumns");
    }

    @Override
    public boolean insertsAreDetected(int arg0) throws SQLException {
        return false;
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        return false;
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        return false;
    }

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        return false;
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        return false;
    }

    @Override
    public boolean othersDeletesAreVisible(int arg0) throws SQLException {
        return false;
    }

    @Override
    public boolean othersInsertsAreVisible(int arg0) throws SQLException {
        return false;
    }

    @Override
    public boolean othersUpdatesAreVisible(int arg0) throws SQLException {
        return false;
    }

    @Override
    public boolean ownDeletesAreVisible(int arg0) throws SQLException {
        return false;
    }

    @Override
    public boolean ownInsertsAreVisible(int arg0) throws SQLException {
        return false;
    }

    @Override
    public boolean ownUpdatesAreVisible(int arg0) throws SQLException {
        return false;
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        return false;
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        return true;
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        return false;
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsConvert(int arg0, int arg1) throws SQLException {
        return false;
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        return true; // CREATE, DROP … are refused inside a transaction
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsNamedParameters() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        return false;
    }

    @Override
    public boolean updatesAreDetected(int arg0) throws SQLException {
        return false;
    }
}
