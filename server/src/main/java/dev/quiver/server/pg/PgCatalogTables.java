package dev.quiver.server.pg;

import dev.quiver.engine.catalog.TableConstraints.NamedKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The virtual {@code pg_catalog} and {@code information_schema} relations, each as the text of a
 * query over {@code VALUES} filled from the catalog's relations at query time. {@link PgCatalogSql}
 * puts the ones a client's query names in front of it as common table expressions, so the engine
 * runs PostgreSQL catalog queries (joins, {@code c.*}, filters) as ordinary SQL.
 */
final class PgCatalogTables {
    /** OIDs PostgreSQL gives its own schemas and catalogs; clients compare with some of them. */
    static final long PG_CATALOG_OID = 11;

    static final long INFORMATION_SCHEMA_OID = 13_000;
    static final long MAIN_OID = 2200;
    static final long DATABASE_OID = 16_383;
    static final long USER_OID = 10;
    static final long BTREE_OID = 403;
    private static final Map<String, Long> CATALOG_OIDS = Map.of(
            "pg_namespace", 2615L,
            "pg_class", 1259L,
            "pg_attribute", 1249L,
            "pg_type", 1247L,
            "pg_proc", 1255L,
            "pg_constraint", 2606L,
            "pg_database", 1262L,
            "pg_description", 2609L,
            "pg_index", 2610L,
            "pg_authid", 1260L);

    /** A column of a virtual relation: its name and the SQL type its values are cast to. */
    private record Column(String name, String type) {}

    /** A virtual relation: its columns and rows (values already SQL literals or NULL). */
    private record Table(List<Column> columns, List<List<String>> rows) {}

    /** OIDs of the languages {@code pg_proc.prolang} names (PostgreSQL's for {@code internal}). */
    static final long INTERNAL_LANGUAGE_OID = 12;

    static final long PYTHON_LANGUAGE_OID = 13_600;

    private final List<PgCatalog.Relation> relations;
    private final Supplier<List<PgCatalog.Function>> functions;
    private final String user;

    PgCatalogTables(List<PgCatalog.Relation> relations, String user) {
        this(relations, List::of, user);
    }

    /** @param functions what {@code pg_proc} lists, asked for only when a query names it */
    PgCatalogTables(List<PgCatalog.Relation> relations, Supplier<List<PgCatalog.Function>> functions, String user) {
        this.relations = relations;
        this.functions = functions;
        this.user = user;
    }

    /** The names of the virtual relations ({@code information_schema}'s as {@code information_schema_NAME}). */
    static Set<String> names() {
        return DEFINITIONS.keySet();
    }

    /**
     * Relations with more rows than this (pg_proc's hundreds of built-ins) are sent as one packed
     * string the query unpacks, not as VALUES: the planner took seconds over 400 rows of 30 CASTs
     * (6.4 s at load 24 for {@code count(*)} of pg_proc), the packed form about a second.
     */
    private static final int PACKED_ROWS = 32;

    /** Separates packed rows, packed values, and stands for NULL (none occurs in catalog values). */
    private static final char ROW_SEPARATOR = '\u001e';

    private static final char VALUE_SEPARATOR = '\u001f';
    private static final char NULL_VALUE = '\u0002';

    /**
     * {@code table} as one string literal of rows, split into rows by {@code unnest(string_split(…))}
     * and into values by {@code split_part}, each cast to its column's type. The CASE over
     * {@code random()} keeps the planner from folding the split of a constant into VALUES again.
     */
    private static String packedQuery(Table table) {
        StringBuilder packed = new StringBuilder();
        for (List<String> row : table.rows()) {
            if (!packed.isEmpty()) {
                packed.append(ROW_SEPARATOR);
            }
            for (int index = 0; index < row.size(); index++) {
                if (index > 0) {
                    packed.append(VALUE_SEPARATOR);
                }
                packed.append(rawValue(row.get(index)));
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Column> columns = table.columns();
        for (int index = 0; index < columns.size(); index++) {
            sql.append(index == 0 ? "" : ", ")
                    .append("CAST(NULLIF(split_part(packed_row, chr(")
                    .append((int) VALUE_SEPARATOR)
                    .append("), ")
                    .append(index + 1)
                    .append("), chr(")
                    .append((int) NULL_VALUE)
                    .append(")) AS ")
                    .append(columns.get(index).type())
                    .append(") AS ")
                    .append(columns.get(index).name());
        }
        return sql.append(" FROM (SELECT unnest(string_split(CASE WHEN random() >= 0 THEN ")
                .append(literal(packed.toString()))
                .append(" END, chr(")
                .append((int) ROW_SEPARATOR)
                .append("))) AS packed_row) AS packed_rows")
                .toString();
    }

    /** A value as SQL text ({@code 'it''s'}, {@code 42}, {@code NULL}) as the raw text a packed row holds. */
    private static String rawValue(String sql) {
        if (sql.equals("NULL")) {
            return String.valueOf(NULL_VALUE);
        }
        String raw = sql.length() >= 2 && sql.startsWith("'") && sql.endsWith("'")
                ? sql.substring(1, sql.length() - 1).replace("''", "'")
                : sql;
        // the separators, and the mark PgCatalogSql puts around literals, never occur in a value
        return raw.replaceAll("[\\u0001\\u0002\\u001e\\u001f]", " ");
    }

    /** The OID of the catalog relation a {@code 'name'::regclass} names, or of a relation; 0 when none. */
    long regclass(String name) {
        String bare = name.replace("\"", "");
        String table = bare.substring(bare.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        Long catalogOid = CATALOG_OIDS.get(table);
        if (catalogOid != null) {
            return catalogOid;
        }
        for (PgCatalog.Relation relation : relations) {
            String qualified = relation.schema() + "." + relation.name();
            if (relation.name().equalsIgnoreCase(bare) || qualified.equalsIgnoreCase(bare)) {
                return relation.oid();
            }
        }
        return 0;
    }

    /** The schemas the relations are in, Quiver's own first. */
    List<String> schemas() {
        Set<String> schemas = new LinkedHashSet<>();
        schemas.add(PgCatalog.SCHEMA);
        relations.forEach(relation -> schemas.add(relation.schema()));
        return List.copyOf(schemas);
    }

    /** {@code SELECT ...} of the virtual relation {@code name}, one of {@link #names()}. */
    String query(String name) {
        Table table = DEFINITIONS.get(name).build(this);
        List<Column> columns = table.columns();
        if (table.rows().size() > PACKED_ROWS) {
            return packedQuery(table);
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        if (table.rows().isEmpty()) {
            for (int index = 0; index < columns.size(); index++) {
                Column column = columns.get(index);
                sql.append(index == 0 ? "" : ", ")
                        .append("CAST(NULL AS ")
                        .append(column.type())
                        .append(") AS ")
                        .append(column.name());
            }
            return sql.append(" FROM (VALUES (0)) AS no_rows(n) WHERE 1 = 0").toString();
        }
        sql.append("* FROM (VALUES ");
        for (int row = 0; row < table.rows().size(); row++) {
            sql.append(row == 0 ? "(" : ", (");
            List<String> values = table.rows().get(row);
            for (int index = 0; index < columns.size(); index++) {
                sql.append(index == 0 ? "" : ", ")
                        .append("CAST(")
                        .append(values.get(index))
                        .append(" AS ")
                        .append(columns.get(index).type())
                        .append(')');
            }
            sql.append(')');
        }
        sql.append(") AS v(");
        for (int index = 0; index < columns.size(); index++) {
            sql.append(index == 0 ? "" : ", ").append(columns.get(index).name());
        }
        return sql.append(')').toString();
    }

    /** The OID of schema {@code schema}. */
    static long namespaceOid(String schema) {
        return switch (schema) {
            case PgCatalog.SCHEMA -> MAIN_OID;
            case "pg_catalog" -> PG_CATALOG_OID;
            case "information_schema" -> INFORMATION_SCHEMA_OID;
            default -> 14_000L + (schema.hashCode() & 0x3FFL);
        };
    }

    // ---- the relations ----

    private interface Definition {
        Table build(PgCatalogTables tables);
    }

    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();

    static {
        DEFINITIONS.put("pg_namespace", PgCatalogTables::namespaces);
        DEFINITIONS.put("pg_class", PgCatalogTables::classes);
        DEFINITIONS.put("pg_attribute", PgCatalogTables::attributes);
        DEFINITIONS.put("pg_type", tables -> types());
        DEFINITIONS.put("pg_database", PgCatalogTables::databases);
        DEFINITIONS.put("pg_roles", PgCatalogTables::roles);
        DEFINITIONS.put("pg_user", PgCatalogTables::users);
        DEFINITIONS.put("pg_settings", tables -> settings());
        DEFINITIONS.put("pg_am", tables -> accessMethods());
        DEFINITIONS.put(
                "pg_tablespace",
                tables -> table(
                        "oid int, spcname varchar, spcowner int, spcacl varchar, spcoptions varchar",
                        List.of(List.of("1663", "'pg_default'", "10", "NULL", "NULL"))));
        DEFINITIONS.put("pg_tables", PgCatalogTables::pgTables);
        DEFINITIONS.put("pg_views", PgCatalogTables::pgViews);
        empty("pg_description", "objoid int, classoid int, objsubid int, description varchar");
        empty("pg_shdescription", "objoid int, classoid int, description varchar");
        DEFINITIONS.put("pg_index", PgCatalogTables::indexes);
        DEFINITIONS.put("pg_constraint", PgCatalogTables::constraints);
        DEFINITIONS.put("pg_indexes", PgCatalogTables::pgIndexes);
        DEFINITIONS.put("pg_proc", PgCatalogTables::procedures);
        DEFINITIONS.put("pg_aggregate", PgCatalogTables::aggregates);
        empty("pg_attrdef", "oid int, adrelid int, adnum smallint, adbin varchar");
        empty(
                "pg_depend",
                "classid int, objid int, objsubid int, refclassid int, refobjid int, refobjsubid int,"
                        + " deptype varchar");
        empty("pg_inherits", "inhrelid int, inhparent int, inhseqno int, inhdetachpending boolean");
        empty(
                "pg_trigger",
                "oid int, tgrelid int, tgparentid int, tgname varchar, tgfoid int, tgtype smallint,"
                        + " tgenabled varchar, tgisinternal boolean");
        empty(
                "pg_extension",
                "oid int, extname varchar, extowner int, extnamespace int, extrelocatable boolean,"
                        + " extversion varchar, extconfig integer[], extcondition varchar");
        empty(
                "pg_available_extensions",
                "name varchar, default_version varchar, installed_version varchar, comment varchar");
        empty(
                "pg_default_acl",
                "oid int, defaclrole int, defaclnamespace int, defaclobjtype varchar, defaclacl varchar");
        DEFINITIONS.put(
                "pg_conversion",
                tables -> table(
                        "oid int, conname varchar, connamespace int, conowner int, conforencoding int,"
                                + " contoencoding int, conproc varchar, condefault boolean",
                        List.of(List.of(
                                "12000",
                                "'utf8_to_utf8'",
                                String.valueOf(PG_CATALOG_OID),
                                "10",
                                "6",
                                "6",
                                "'-'",
                                "true"))));
        empty("pg_collation", "oid int, collname varchar, collnamespace int, collowner int, collprovider varchar");
        empty("pg_enum", "oid int, enumtypid int, enumsortorder double, enumlabel varchar");
        empty("pg_sequence", "seqrelid int, seqtypid int, seqstart bigint, seqincrement bigint");
        empty("pg_rewrite", "oid int, rulename varchar, ev_class int, ev_type varchar, is_instead boolean");
        empty("pg_policy", "oid int, polname varchar, polrelid int, polcmd varchar");
        empty("pg_event_trigger", "oid int, evtname varchar, evtevent varchar, evtowner int");
        empty("pg_foreign_server", "oid int, srvname varchar, srvowner int, srvfdw int");
        empty(
                "pg_foreign_data_wrapper",
                "oid int, fdwname varchar, fdwowner int, fdwhandler int, fdwvalidator int, fdwacl varchar,"
                        + " fdwoptions varchar");
        DEFINITIONS.put("pg_language", tables -> languages());
        DEFINITIONS.put("information_schema_schemata", PgCatalogTables::schemata);
        DEFINITIONS.put("information_schema_tables", PgCatalogTables::informationTables);
        DEFINITIONS.put("information_schema_views", PgCatalogTables::informationViews);
        DEFINITIONS.put("information_schema_columns", PgCatalogTables::informationColumns);
        DEFINITIONS.put("information_schema_table_constraints", PgCatalogTables::tableConstraints);
        DEFINITIONS.put("information_schema_key_column_usage", PgCatalogTables::keyColumnUsage);
    }

    private static void empty(String name, String columns) {
        Table table = table(columns, List.of());
        DEFINITIONS.put(name, tables -> table);
    }

    private static Table table(String columns, List<List<String>> rows) {
        List<Column> parsed = new ArrayList<>();
        for (String column : columns.split(",")) {
            String[] parts = column.strip().split(" ");
            parsed.add(new Column(parts[0], parts[1]));
        }
        return new Table(parsed, rows);
    }

    private Table namespaces() {
        List<List<String>> rows = new ArrayList<>();
        List<String> names = new ArrayList<>(schemas());
        names.add("pg_catalog");
        names.add("information_schema");
        for (String schema : names) {
            rows.add(List.of(String.valueOf(namespaceOid(schema)), literal(schema), "10", "NULL"));
        }
        return table("oid int, nspname varchar, nspowner int, nspacl varchar", rows);
    }

    private Table classes() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            boolean table = relation.kind() == 'r';
            rows.add(classRow(
                    relation.oid(),
                    relation.name(),
                    relation.schema(),
                    table ? 2 : 0,
                    !relation.keys().isEmpty(),
                    relation.kind(),
                    relation.fields().size()));
            for (NamedKey key : relation.keys()) {
                rows.add(classRow(
                        relation.indexOid(key),
                        key.name(),
                        relation.schema(),
                        BTREE_OID,
                        false,
                        'i',
                        key.columns().size()));
            }
        }
        return table(
                "oid int, relname varchar, relnamespace int, reltype int, reloftype int, relowner int, relam int,"
                        + " relfilenode int, reltablespace int, relpages int, reltuples double, reltoastrelid int,"
                        + " relhasindex boolean, relisshared boolean, relpersistence varchar, relkind varchar,"
                        + " relnatts smallint, relchecks smallint, relhasrules boolean, relhastriggers boolean,"
                        + " relhassubclass boolean, relrowsecurity boolean, relforcerowsecurity boolean,"
                        + " relispopulated boolean, relreplident varchar, relispartition boolean, relacl varchar,"
                        + " reloptions varchar, relpartbound varchar",
                rows);
    }

    private static List<String> classRow(
            long oid, String name, String schema, long accessMethod, boolean hasIndex, char kind, int columns) {
        return List.of(
                String.valueOf(oid),
                literal(name),
                String.valueOf(namespaceOid(schema)),
                "0",
                "0",
                "10",
                String.valueOf(accessMethod),
                "0",
                "0",
                "0",
                "-1",
                "0",
                String.valueOf(hasIndex),
                "false",
                "'p'",
                literal(String.valueOf(kind)),
                String.valueOf(columns),
                "0",
                "false",
                "false",
                "false",
                "false",
                "false",
                "true",
                "'d'",
                "false",
                "NULL",
                "NULL",
                "NULL");
    }

    private Table attributes() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            int number = 0;
            for (Field field : relation.fields()) {
                rows.add(attributeRow(relation.oid(), field, ++number));
            }
            for (NamedKey key : relation.keys()) { // an index has a column per key column, as in PostgreSQL
                int position = 0;
                for (String column : key.columns()) {
                    int attnum = relation.attnum(column);
                    if (attnum > 0) {
                        rows.add(attributeRow(
                                relation.indexOid(key), relation.fields().get(attnum - 1), ++position));
                    }
                }
            }
        }
        return table(
                "attrelid int, attname varchar, atttypid int, atttypmod int, attlen smallint, attnum smallint,"
                        + " attndims int, attcacheoff int, attbyval boolean, attstorage varchar, attalign varchar,"
                        + " attnotnull boolean, atthasdef boolean, atthasmissing boolean, attidentity varchar,"
                        + " attgenerated varchar, attisdropped boolean, attislocal boolean, attinhcount int,"
                        + " attcollation int, attacl varchar, attoptions varchar",
                rows);
    }

    private static List<String> attributeRow(long relationOid, Field field, int number) {
        PgType type = PgType.of(field.getType());
        return List.of(
                String.valueOf(relationOid),
                literal(field.getName()),
                String.valueOf(type.oid),
                "-1",
                String.valueOf(type.length),
                String.valueOf(number),
                "0",
                "-1",
                String.valueOf(type.length > 0),
                "'p'",
                "'i'",
                String.valueOf(!field.isNullable()),
                "false",
                "false",
                "''",
                "''",
                "false",
                "true",
                "0",
                "0",
                "NULL",
                "NULL");
    }

    private static Table types() {
        List<List<String>> rows = new ArrayList<>();
        for (PgType type : PgType.values()) {
            rows.add(List.of(
                    String.valueOf(type.oid),
                    literal(internalName(type)),
                    String.valueOf(PG_CATALOG_OID),
                    "10",
                    String.valueOf(type.length),
                    String.valueOf(type.length > 0 && type.length <= 8),
                    "'b'",
                    literal(category(type)),
                    "false",
                    "true",
                    "','",
                    "0",
                    "0",
                    "0",
                    "false",
                    "0",
                    "-1",
                    "0",
                    "0",
                    "NULL"));
        }
        return table(
                "oid int, typname varchar, typnamespace int, typowner int, typlen smallint, typbyval boolean,"
                        + " typtype varchar, typcategory varchar, typispreferred boolean, typisdefined boolean,"
                        + " typdelim varchar, typrelid int, typelem int, typarray int, typnotnull boolean,"
                        + " typbasetype int, typtypmod int, typndims int, typcollation int, typdefault varchar",
                rows);
    }

    /** The name PostgreSQL's {@code pg_type} gives a type ({@code int4}, {@code varchar}). */
    static String internalName(PgType type) {
        return type == PgType.UUID_TYPE ? "uuid" : type.name().toLowerCase(Locale.ROOT);
    }

    private static String category(PgType type) {
        return switch (type) {
            case BOOL -> "B";
            case INT2, INT4, INT8, OID, FLOAT4, FLOAT8, NUMERIC -> "N";
            case DATE, TIME, TIMESTAMP, TIMESTAMPTZ -> "D";
            case BYTEA, UUID_TYPE, UNKNOWN -> "U";
            default -> "S";
        };
    }

    private Table databases() {
        return table(
                "oid int, datname varchar, datdba int, encoding int, datlocprovider varchar, datcollate varchar,"
                        + " datctype varchar, daticulocale varchar, datcollversion varchar, datistemplate boolean,"
                        + " datallowconn boolean, datconnlimit int, dattablespace int, datacl varchar",
                List.of(List.of(
                        String.valueOf(DATABASE_OID),
                        literal(PgCatalog.DATABASE),
                        "10",
                        "6",
                        "'c'",
                        "'C'",
                        "'C'",
                        "NULL",
                        "NULL",
                        "false",
                        "true",
                        "-1",
                        "1663",
                        "NULL")));
    }

    private Table roles() {
        return table(
                "oid int, rolname varchar, rolsuper boolean, rolinherit boolean, rolcreaterole boolean,"
                        + " rolcreatedb boolean, rolcanlogin boolean, rolreplication boolean, rolconnlimit int,"
                        + " rolpassword varchar, rolvaliduntil timestamp, rolbypassrls boolean, rolconfig varchar",
                List.of(List.of(
                        String.valueOf(USER_OID),
                        literal(user),
                        "false",
                        "true",
                        "false",
                        "false",
                        "true",
                        "false",
                        "-1",
                        "'********'",
                        "NULL",
                        "false",
                        "NULL")));
    }

    private Table users() {
        return table(
                "usename varchar, usesysid int, usecreatedb boolean, usesuper boolean, userepl boolean,"
                        + " usebypassrls boolean, passwd varchar, valuntil timestamp, useconfig varchar",
                List.of(List.of(
                        literal(user),
                        String.valueOf(USER_OID),
                        "false",
                        "false",
                        "false",
                        "false",
                        "'********'",
                        "NULL",
                        "NULL")));
    }

    private static Table settings() {
        List<List<String>> rows = new ArrayList<>();
        for (String[] setting : new String[][] {
            {"server_version", PgCatalog.SERVER_VERSION},
            {"server_encoding", "UTF8"},
            {"client_encoding", "UTF8"},
            {"standard_conforming_strings", "on"},
            {"search_path", PgCatalog.SCHEMA},
            {"DateStyle", "ISO, MDY"},
            {"TimeZone", "UTC"},
            {"max_identifier_length", "63"},
            {"transaction_isolation", "serializable"}
        }) {
            rows.add(List.of(literal(setting[0]), literal(setting[1]), "NULL", "''", "''", "'user'", "'string'"));
        }
        return table(
                "name varchar, setting varchar, unit varchar, category varchar, short_desc varchar,"
                        + " context varchar, vartype varchar",
                rows);
    }

    /**
     * {@code pg_proc}, with three columns of Quiver's own that the rewritten {@code
     * pg_get_function_arguments}, {@code pg_get_function_result} and {@code obj_description} read
     * ({@link PgCatalogSql}).
     */
    private Table procedures() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Function function : functions.get()) {
            rows.add(List.of(
                    String.valueOf(function.oid()),
                    literal(function.name()),
                    String.valueOf(namespaceOid(function.schema())),
                    String.valueOf(USER_OID),
                    String.valueOf(function.python() ? PYTHON_LANGUAGE_OID : INTERNAL_LANGUAGE_OID),
                    function.python() ? "100" : "1",
                    function.returnsSet() ? "1000" : "0",
                    "0",
                    literal(String.valueOf(function.kind())),
                    "false",
                    "false",
                    "false",
                    String.valueOf(function.returnsSet()),
                    literal(String.valueOf(function.volatility())),
                    function.python() ? "'r'" : "'s'",
                    String.valueOf(argumentCount(function.arguments())),
                    "0",
                    "0",
                    "''",
                    "NULL",
                    "NULL",
                    "NULL",
                    "NULL",
                    literal(function.source()),
                    "NULL",
                    "NULL",
                    "NULL",
                    literal(function.arguments()),
                    literal(function.result()),
                    function.description() == null ? "NULL" : literal(function.description())));
        }
        return table(
                "oid int, proname varchar, pronamespace int, proowner int, prolang int, procost double,"
                        + " prorows double, provariadic int, prokind varchar, prosecdef boolean,"
                        + " proleakproof boolean, proisstrict boolean, proretset boolean, provolatile varchar,"
                        + " proparallel varchar, pronargs smallint, pronargdefaults smallint, prorettype int,"
                        + " proargtypes varchar, proallargtypes varchar, proargmodes varchar, proargnames varchar,"
                        + " proargdefaults varchar, prosrc varchar, probin varchar, proconfig varchar, proacl varchar,"
                        + " quiver_arguments varchar, quiver_result varchar, quiver_description varchar",
                rows);
    }

    /** {@code pg_aggregate}: a row for each aggregate function {@code pg_proc} lists. */
    private Table aggregates() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Function function : functions.get()) {
            if (function.kind() == 'a') {
                rows.add(List.of(String.valueOf(function.oid()), "'n'", "0", "'-'", "'-'", "'-'", "'-'", "0", "NULL"));
            }
        }
        return table(
                "aggfnoid int, aggkind varchar, aggnumdirectargs smallint, aggtransfn varchar, aggfinalfn varchar,"
                        + " aggcombinefn varchar, aggsortop varchar, aggtranstype int, agginitval varchar",
                rows);
    }

    /** The number of arguments in an argument list: its commas outside parentheses and brackets, plus one. */
    private static int argumentCount(String arguments) {
        if (arguments.isBlank()) {
            return 0;
        }
        int count = 1;
        int depth = 0;
        for (char character : arguments.toCharArray()) {
            if (character == '(' || character == '[') {
                depth++;
            } else if (character == ')' || character == ']') {
                depth--;
            } else if (character == ',' && depth == 0) {
                count++;
            }
        }
        return count;
    }

    private static Table languages() {
        return table(
                "oid int, lanname varchar, lanowner int, lanispl boolean, lanpltrusted boolean",
                List.of(
                        List.of(String.valueOf(INTERNAL_LANGUAGE_OID), "'internal'", "10", "false", "false"),
                        List.of(String.valueOf(PYTHON_LANGUAGE_OID), "'plpython3u'", "10", "true", "false")));
    }

    private static Table accessMethods() {
        return table(
                "oid int, amname varchar, amhandler varchar, amtype varchar",
                List.of(
                        List.of("2", "'heap'", "'heap_tableam_handler'", "'t'"),
                        List.of(String.valueOf(BTREE_OID), "'btree'", "'bthandler'", "'i'")));
    }

    private Table pgTables() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            if (relation.kind() == 'r') {
                rows.add(List.of(
                        literal(relation.schema()),
                        literal(relation.name()),
                        literal(user),
                        "NULL",
                        "false",
                        "false",
                        "false",
                        "false"));
            }
        }
        return table(
                "schemaname varchar, tablename varchar, tableowner varchar, tablespace varchar,"
                        + " hasindexes boolean, hasrules boolean, hastriggers boolean, rowsecurity boolean",
                rows);
    }

    private Table pgViews() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            if (relation.kind() == 'v') {
                rows.add(List.of(
                        literal(relation.schema()),
                        literal(relation.name()),
                        literal(user),
                        definitionLiteral(relation)));
            }
        }
        return table("schemaname varchar, viewname varchar, viewowner varchar, definition varchar", rows);
    }

    private static String definitionLiteral(PgCatalog.Relation relation) {
        return relation.definition() == null ? "NULL" : literal(relation.definition());
    }

    /** Each view's OID and query, for {@code pg_get_viewdef}. */
    Map<Long, String> viewDefinitions() {
        Map<Long, String> definitions = new LinkedHashMap<>();
        for (PgCatalog.Relation relation : relations) {
            if (relation.definition() != null) {
                definitions.put(relation.oid(), relation.definition());
            }
        }
        return definitions;
    }

    private Table schemata() {
        List<List<String>> rows = new ArrayList<>();
        for (String schema : schemas()) {
            rows.add(List.of(literal(PgCatalog.DATABASE), literal(schema), literal(user)));
        }
        return table("catalog_name varchar, schema_name varchar, schema_owner varchar", rows);
    }

    private Table informationTables() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            rows.add(List.of(
                    literal(PgCatalog.DATABASE),
                    literal(relation.schema()),
                    literal(relation.name()),
                    relation.kind() == 'r' ? "'BASE TABLE'" : "'VIEW'",
                    "'YES'"));
        }
        return table(
                "table_catalog varchar, table_schema varchar, table_name varchar, table_type varchar,"
                        + " is_insertable_into varchar",
                rows);
    }

    private Table informationViews() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            if (relation.kind() == 'v') {
                rows.add(List.of(
                        literal(PgCatalog.DATABASE),
                        literal(relation.schema()),
                        literal(relation.name()),
                        definitionLiteral(relation)));
            }
        }
        return table("table_catalog varchar, table_schema varchar, table_name varchar, view_definition varchar", rows);
    }

    private Table informationColumns() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            int number = 0;
            for (Field field : relation.fields()) {
                number++;
                rows.add(List.of(
                        literal(PgCatalog.DATABASE),
                        literal(relation.schema()),
                        literal(relation.name()),
                        literal(field.getName()),
                        String.valueOf(number),
                        "NULL",
                        field.isNullable() ? "'YES'" : "'NO'",
                        literal(PgCatalog.typeName(field)),
                        literal(internalName(PgType.of(field.getType())))));
            }
        }
        return table(
                "table_catalog varchar, table_schema varchar, table_name varchar, column_name varchar,"
                        + " ordinal_position int, column_default varchar, is_nullable varchar, data_type varchar,"
                        + " udt_name varchar",
                rows);
    }

    private Table indexes() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            for (NamedKey key : relation.keys()) {
                rows.add(List.of(
                        String.valueOf(relation.indexOid(key)),
                        String.valueOf(relation.oid()),
                        String.valueOf(key.columns().size()),
                        String.valueOf(key.columns().size()),
                        "true",
                        String.valueOf(key.primary()),
                        "false",
                        "true",
                        "false",
                        "true",
                        "true",
                        "true",
                        "false",
                        literal(attnums(relation, key, " ")),
                        literal(String.join(
                                " ", Collections.nCopies(key.columns().size(), "0"))),
                        literal(String.join(
                                " ", Collections.nCopies(key.columns().size(), "0"))),
                        "NULL",
                        "NULL"));
            }
        }
        return table(
                "indexrelid int, indrelid int, indnatts smallint, indnkeyatts smallint, indisunique boolean,"
                        + " indisprimary boolean, indisexclusion boolean, indimmediate boolean,"
                        + " indisclustered boolean, indisvalid boolean, indisready boolean, indislive boolean,"
                        + " indisreplident boolean, indkey varchar, indclass varchar, indoption varchar,"
                        + " indexprs varchar, indpred varchar",
                rows);
    }

    private Table constraints() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            for (NamedKey key : relation.keys()) {
                rows.add(List.of(
                        String.valueOf(relation.constraintOid(key)),
                        literal(key.name()),
                        String.valueOf(namespaceOid(relation.schema())),
                        key.primary() ? "'p'" : "'u'",
                        "false",
                        "false",
                        "true",
                        String.valueOf(relation.oid()),
                        "0",
                        String.valueOf(relation.indexOid(key)),
                        "0",
                        "0",
                        "' '",
                        "' '",
                        "' '",
                        "true",
                        "0",
                        "true",
                        literal("{" + attnums(relation, key, ",") + "}"),
                        "NULL",
                        "NULL"));
            }
        }
        return table(
                "oid int, conname varchar, connamespace int, contype varchar, condeferrable boolean,"
                        + " condeferred boolean, convalidated boolean, conrelid int, contypid int, conindid int,"
                        + " conparentid int, confrelid int, confupdtype varchar, confdeltype varchar,"
                        + " confmatchtype varchar, conislocal boolean, coninhcount int, connoinherit boolean,"
                        + " conkey varchar, confkey varchar, conbin varchar",
                rows);
    }

    private Table pgIndexes() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            for (NamedKey key : relation.keys()) {
                rows.add(List.of(
                        literal(relation.schema()),
                        literal(relation.name()),
                        literal(key.name()),
                        "NULL",
                        literal(indexDefinition(relation, key))));
            }
        }
        return table(
                "schemaname varchar, tablename varchar, indexname varchar, tablespace varchar, indexdef varchar", rows);
    }

    private Table tableConstraints() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            for (NamedKey key : relation.keys()) {
                rows.add(List.of(
                        literal(PgCatalog.DATABASE),
                        literal(relation.schema()),
                        literal(key.name()),
                        literal(PgCatalog.DATABASE),
                        literal(relation.schema()),
                        literal(relation.name()),
                        key.primary() ? "'PRIMARY KEY'" : "'UNIQUE'",
                        "'NO'",
                        "'NO'",
                        "'YES'"));
            }
        }
        return table(
                "constraint_catalog varchar, constraint_schema varchar, constraint_name varchar,"
                        + " table_catalog varchar, table_schema varchar, table_name varchar,"
                        + " constraint_type varchar, is_deferrable varchar, initially_deferred varchar,"
                        + " enforced varchar",
                rows);
    }

    private Table keyColumnUsage() {
        List<List<String>> rows = new ArrayList<>();
        for (PgCatalog.Relation relation : relations) {
            for (NamedKey key : relation.keys()) {
                for (int position = 0; position < key.columns().size(); position++) {
                    rows.add(List.of(
                            literal(PgCatalog.DATABASE),
                            literal(relation.schema()),
                            literal(key.name()),
                            literal(PgCatalog.DATABASE),
                            literal(relation.schema()),
                            literal(relation.name()),
                            literal(key.columns().get(position)),
                            String.valueOf(position + 1),
                            "NULL"));
                }
            }
        }
        return table(
                "constraint_catalog varchar, constraint_schema varchar, constraint_name varchar,"
                        + " table_catalog varchar, table_schema varchar, table_name varchar, column_name varchar,"
                        + " ordinal_position int, position_in_unique_constraint int",
                rows);
    }

    /** The key's column numbers joined by {@code separator} (as int2vector and int2[] print them). */
    private static String attnums(PgCatalog.Relation relation, NamedKey key, String separator) {
        return String.join(
                separator,
                key.columns().stream()
                        .map(column -> String.valueOf(relation.attnum(column)))
                        .toList());
    }

    /** {@code pg_get_constraintdef} of each key constraint, by constraint OID. */
    Map<Long, String> constraintDefinitions() {
        Map<Long, String> definitions = new LinkedHashMap<>();
        for (PgCatalog.Relation relation : relations) {
            for (NamedKey key : relation.keys()) {
                definitions.put(
                        relation.constraintOid(key),
                        (key.primary() ? "PRIMARY KEY (" : "UNIQUE (") + String.join(", ", key.columns()) + ")");
            }
        }
        return definitions;
    }

    /**
     * {@code pg_get_indexdef} of each key's index, by index OID: element 0 the whole definition,
     * element n the n-th column, as {@code pg_get_indexdef(oid, n, pretty)} answers.
     */
    Map<Long, List<String>> indexDefinitions() {
        Map<Long, List<String>> definitions = new LinkedHashMap<>();
        for (PgCatalog.Relation relation : relations) {
            for (NamedKey key : relation.keys()) {
                List<String> parts = new ArrayList<>();
                parts.add(indexDefinition(relation, key));
                parts.addAll(key.columns());
                definitions.put(relation.indexOid(key), parts);
            }
        }
        return definitions;
    }

    private static String indexDefinition(PgCatalog.Relation relation, NamedKey key) {
        return "CREATE UNIQUE INDEX " + key.name() + " ON " + relation.schema() + "." + relation.name()
                + " USING btree (" + String.join(", ", key.columns()) + ")";
    }

    /** {@code value} as a SQL string literal. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
