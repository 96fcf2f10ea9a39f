package dev.quiver.server.pg;

import dev.quiver.engine.catalog.NamePattern;
import dev.quiver.engine.catalog.TableConstraints.NamedKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Answers to the {@code pg_catalog} queries PostgreSQL clients send to list tables and columns:
 * psql's {@code \dt}, {@code \d}, {@code \d NAME}; the PostgreSQL JDBC driver's getTables,
 * getColumns, getSchemas and getCatalogs; and a few session questions ({@code version()},
 * {@code current_schema()}). Those are recognised by their shape and answered from Quiver's
 * catalog directly; every other catalog query (DBeaver's, psycopg's) runs in the engine over the
 * virtual {@code pg_catalog} relations ({@link PgCatalogSql}). Every schema the catalog knows is
 * listed: Quiver's own {@code main} and each attached database's.
 */
final class PgCatalog {
    static final String SCHEMA = "main";
    static final String DATABASE = "quiver";
    static final String SERVER_VERSION = "15.0";

    private static final Pattern LIKE_FILTER = Pattern.compile(
            "(?:\\w+\\.)?(nspname|relname|attname)\\s+LIKE\\s+(\\$\\d+|E?'(?:[^']|'')*')", Pattern.CASE_INSENSITIVE);
    private static final Pattern EQUALS_FILTER = Pattern.compile(
            "(?:\\w+\\.)?(nspname|relname)\\s*=\\s*(\\$\\d+|E?'(?:[^']|'')*')", Pattern.CASE_INSENSITIVE);
    private static final Pattern REGEX_FILTER = Pattern.compile(
            "(?:\\w+\\.)?(nspname|relname)\\s+OPERATOR\\(pg_catalog\\.~\\)\\s+'((?:[^']|'')*)'",
            Pattern.CASE_INSENSITIVE);
    /** Names only catalog queries use: catalog relations unqualified, session functions. */
    private static final Pattern CATALOG_WORDS = Pattern.compile("(?:\\b(?:"
            + String.join(
                    "|",
                    PgCatalogTables.names().stream()
                            .filter(name -> name.startsWith("pg_"))
                            .toList())
            + ")\\b"
            + "|::\\s*(?:pg_catalog\\.)?reg(?:class|type|proc|namespace)\\b"
            + "|current_schemas?\\s*\\(|session_user\\b|format_type\\b|pg_get_\\w+|pg_table_is_visible\\b)");

    /** The relation kinds psql's {@code \d}-family list asks for: {@code c.relkind in ('r','p','')}. */
    private static final Pattern RELKIND_LIST = Pattern.compile("c\\.relkind in \\(([^)]*)\\)");

    private static final Pattern OID_FILTER =
            Pattern.compile("(?:c\\.oid|a\\.attrelid)\\s*=\\s*'?(\\d+)'?", Pattern.CASE_INSENSITIVE);

    /**
     * A table or view as the catalog answers show it.
     *
     * @param keys the table's primary key and UNIQUE constraints, each shown as a constraint and the
     *     unique index behind it, as PostgreSQL shows them
     * @param definition a view's query ({@code pg_get_viewdef}); null for a table
     */
    record Relation(String schema, String name, char kind, List<Field> fields, List<NamedKey> keys, String definition) {
        Relation(String schema, String name, char kind, List<Field> fields) {
            this(schema, name, kind, fields, List.of(), null);
        }

        /** A stable OID for the qualified name, so that psql's queries by OID find it again. */
        long oid() {
            return stableOid(qualified());
        }

        /** The OID of the unique index behind {@code key}. */
        long indexOid(NamedKey key) {
            return stableOid(qualified() + "." + key.name());
        }

        /** The OID of {@code key} as a constraint (its index's is another). */
        long constraintOid(NamedKey key) {
            return stableOid(qualified() + "." + key.name() + ".constraint");
        }

        /** The 1-based number of column {@code column} (as pg_attribute's attnum); 0 when there is none. */
        int attnum(String column) {
            for (int index = 0; index < fields.size(); index++) {
                if (fields.get(index).getName().equalsIgnoreCase(column)) {
                    return index + 1;
                }
            }
            return 0;
        }

        private String qualified() {
            return schema.equals(SCHEMA) ? name : schema + "." + name;
        }

        static long stableOid(String text) {
            return 16_384L + (text.hashCode() & 0x3FFF_FFFFL);
        }
    }

    /**
     * A function as {@code pg_proc} lists it: a built-in (schema {@code pg_catalog}, language
     * {@code internal}) or a Python function (schema {@code main}, language {@code plpython3u}).
     *
     * @param kind {@code f} for a function, {@code a} for an aggregate
     * @param arguments the argument list as {@code pg_get_function_arguments} answers it
     * @param result the result type as {@code pg_get_function_result} answers it
     * @param returnsSet whether it returns rows (a table function)
     * @param volatility {@code i}, {@code s} or {@code v} (immutable, stable, volatile)
     */
    record Function(
            String schema,
            String name,
            char kind,
            String arguments,
            String result,
            boolean returnsSet,
            boolean python,
            char volatility,
            String source,
            String description) {
        /** A stable OID for the function's schema, name and arguments. */
        long oid() {
            return Relation.stableOid("function " + schema + "." + name + "(" + arguments + ")");
        }
    }

    /** A column of an answer. */
    record Column(String name, PgType type) {}

    /** A result computed here rather than by the engine. */
    record Answer(List<Column> columns, List<List<Object>> rows) {
        /** A column, no rows: drivers read such results as empty result sets. */
        static final Answer NONE = new Answer(List.of(new Column("?column?", PgType.TEXT)), List.of());
    }

    private PgCatalog() {}

    /**
     * The answer to {@code sql} when it is a catalog or session question; null for a statement the
     * engine runs.
     *
     * @param parameters the bound values of {@code $n} ({@code parameters.get(n - 1)}), as text
     * @param relations  the tables and views, computed only when the answer needs them
     * @param other      answers the catalog queries not recognised here, over the virtual relations
     */
    static Answer answer(
            String sql,
            List<String> parameters,
            Supplier<List<Relation>> relations,
            BiFunction<String, List<String>, Answer> other) {
        String normalized = normalize(sql);
        Answer session = sessionQuestion(normalized);
        if (session != null) {
            return session;
        }
        if (!isCatalogQuery(normalized)) {
            return null;
        }
        Map<String, String> like = likeFilters(sql, parameters);
        if (normalized.contains("as \"table_type\"") && normalized.contains("pg_catalog.pg_class")) {
            return jdbcTables(sql, like, relations.get());
        }
        if (normalized.contains("as current_database, n.nspname,c.relname,a.attname")) {
            return jdbcColumns(like, relations.get());
        }
        if (normalized.contains("as \"table_schem\"") && normalized.contains("from pg_catalog.pg_namespace")) {
            return jdbcSchemas(like, relations.get());
        }
        if (normalized.contains("result.pk_name as \"pk_name\"")
                && normalized.contains("from pg_catalog.pg_constraint con")) {
            return jdbcPrimaryKeys(equalityFilters(sql, parameters), relations.get());
        }
        if (normalized.contains("as \"non_unique\"") && normalized.contains("pg_catalog.pg_index i")) {
            return jdbcIndexInfo(normalized, equalityFilters(sql, parameters), relations.get());
        }
        if (normalized.contains("datname as \"table_cat\"")) {
            return answer(List.of(text("TABLE_CAT")), row(DATABASE));
        }
        if (normalized.contains("as \"schema\"")
                && normalized.contains("as \"name\"")
                && normalized.contains("pg_catalog.pg_class c")) {
            return psqlList(sql, normalized, relations.get());
        }
        if (normalized.startsWith("select c.oid, n.nspname, c.relname from pg_catalog.pg_class c")) {
            return psqlFind(sql, relations.get());
        }
        if (normalized.startsWith("select c.relchecks, c.relkind")) {
            return psqlTableInfo(sql, relations.get());
        }
        if (normalized.startsWith("select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)")) {
            return psqlColumns(sql, normalized, relations.get());
        }
        return other.apply(sql, parameters);
    }

    /** Whether {@link #answer} answers {@code sql} (rather than the engine). */
    static boolean answers(String sql) {
        String normalized = normalize(sql);
        return sessionQuestion(normalized) != null || isCatalogQuery(normalized);
    }

    private static boolean isCatalogQuery(String normalized) {
        return normalized.contains("pg_catalog.")
                || normalized.contains("information_schema.")
                || ((normalized.startsWith("select") || normalized.startsWith("with"))
                        && CATALOG_WORDS.matcher(normalized).find());
    }

    private static String normalize(String sql) {
        String normalized = sql.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return normalized.endsWith(";")
                ? normalized.substring(0, normalized.length() - 1).strip()
                : normalized;
    }

    private static Answer sessionQuestion(String normalized) {
        return switch (normalized) {
            case "select version()", "select pg_catalog.version()" ->
                answer(List.of(text("version")), row("PostgreSQL " + SERVER_VERSION + " (Quiver)"));
            case "select current_schema()", "select pg_catalog.current_schema()" ->
                answer(List.of(text("current_schema")), row(SCHEMA));
            case "select current_database()", "select pg_catalog.current_database()", "select current_catalog" ->
                answer(List.of(text("current_database")), row(DATABASE));
            case "show search_path" -> answer(List.of(text("search_path")), row(SCHEMA));
            case "show transaction isolation level", "show transaction_isolation" ->
                answer(List.of(text("transaction_isolation")), row("serializable"));
            default -> null;
        };
    }

    // ---- the PostgreSQL JDBC driver ----

    private static Answer jdbcTables(String sql, Map<String, String> like, List<Relation> relations) {
        // the driver adds one relkind clause per table type asked for; none when all are wanted
        boolean allTypes = !sql.contains("c.relkind = ");
        boolean tables = allTypes || sql.contains("c.relkind = 'r' AND n.nspname !~ '^pg_'");
        boolean views = allTypes || sql.contains("c.relkind = 'v' AND n.nspname <> 'pg_catalog'");
        List<List<Object>> rows = new ArrayList<>();
        for (Relation relation : relations) {
            if (matchesLike(relation.schema(), like.get("nspname"))) {
                boolean wanted = relation.kind() == 'r' ? tables : views;
                if (wanted && matchesLike(relation.name(), like.get("relname"))) {
                    rows.add(Arrays.asList(
                            DATABASE,
                            relation.schema(),
                            relation.name(),
                            relation.kind() == 'r' ? "TABLE" : "VIEW",
                            null,
                            "",
                            "",
                            "",
                            "",
                            ""));
                }
            }
        }
        return new Answer(
                columns(
                        "TABLE_CAT",
                        "TABLE_SCHEM",
                        "TABLE_NAME",
                        "TABLE_TYPE",
                        "REMARKS",
                        "TYPE_CAT",
                        "TYPE_SCHEM",
                        "TYPE_NAME",
                        "SELF_REFERENCING_COL_NAME",
                        "REF_GENERATION"),
                rows);
    }

    private static Answer jdbcSchemas(Map<String, String> like, List<Relation> relations) {
        List<List<Object>> rows = new ArrayList<>();
        for (String schema : new PgCatalogTables(relations, "").schemas()) {
            if (matchesLike(schema, like.get("nspname"))) {
                rows.add(Arrays.asList(schema, DATABASE));
            }
        }
        return answer(List.of(text("TABLE_SCHEM"), text("TABLE_CATALOG")), rows);
    }

    private static Answer jdbcColumns(Map<String, String> like, List<Relation> relations) {
        List<List<Object>> rows = new ArrayList<>();
        for (Relation relation : relations) {
            if (matchesLike(relation.schema(), like.get("nspname"))) {
                if (!matchesLike(relation.name(), like.get("relname"))) {
                    continue;
                }
                int number = 0;
                for (Field field : relation.fields()) {
                    number++;
                    if (!matchesLike(field.getName(), like.get("attname"))) {
                        continue;
                    }
                    PgType type = PgType.of(field.getType());
                    rows.add(Arrays.asList(
                            DATABASE,
                            relation.schema(),
                            relation.name(),
                            field.getName(),
                            type.oid,
                            !field.isNullable(),
                            -1,
                            type.length,
                            -1,
                            number,
                            null,
                            null,
                            null,
                            null,
                            0,
                            "b"));
                }
            }
        }
        List<Column> columns = new ArrayList<>(columns("current_database", "nspname", "relname", "attname"));
        columns.add(new Column("atttypid", PgType.OID));
        columns.add(new Column("attnotnull", PgType.BOOL));
        columns.add(new Column("atttypmod", PgType.INT4));
        columns.add(new Column("attlen", PgType.INT2));
        columns.add(new Column("typtypmod", PgType.INT4));
        columns.add(new Column("attnum", PgType.INT4));
        columns.addAll(columns("attidentity", "attgenerated", "adsrc", "description"));
        columns.add(new Column("typbasetype", PgType.OID));
        columns.add(text("typtype"));
        return new Answer(columns, rows);
    }

    /** getPrimaryKeys: one row per primary key column, in key order. */
    private static Answer jdbcPrimaryKeys(Map<String, String> equal, List<Relation> relations) {
        List<List<Object>> rows = new ArrayList<>();
        for (Relation relation : keyed(equal, relations)) {
            for (NamedKey key : relation.keys()) {
                if (key.primary()) {
                    for (int position = 0; position < key.columns().size(); position++) {
                        rows.add(Arrays.asList(
                                DATABASE,
                                relation.schema(),
                                relation.name(),
                                key.columns().get(position),
                                position + 1,
                                key.name()));
                    }
                }
            }
        }
        List<Column> columns = new ArrayList<>(columns("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME"));
        columns.add(new Column("KEY_SEQ", PgType.INT4));
        columns.add(text("PK_NAME"));
        return new Answer(columns, rows);
    }

    /** getIndexInfo: each key's unique index (Quiver has no other indexes), one row per column. */
    private static Answer jdbcIndexInfo(String normalized, Map<String, String> equal, List<Relation> relations) {
        boolean remarks = normalized.contains("\"remarks\""); // older servers' form has no REMARKS
        List<List<Object>> rows = new ArrayList<>();
        for (Relation relation : keyed(equal, relations)) {
            for (NamedKey key : relation.keys()) {
                for (int position = 0; position < key.columns().size(); position++) {
                    List<Object> row = new ArrayList<>(Arrays.asList(
                            DATABASE,
                            relation.schema(),
                            relation.name(),
                            false,
                            null,
                            key.name(),
                            3, // tableIndexOther: a btree
                            position + 1,
                            key.columns().get(position),
                            "A",
                            0f,
                            0,
                            null));
                    if (remarks) {
                        row.add(null);
                    }
                    rows.add(row);
                }
            }
        }
        List<Column> columns = new ArrayList<>(columns("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME"));
        columns.add(new Column("NON_UNIQUE", PgType.BOOL));
        columns.addAll(columns("INDEX_QUALIFIER", "INDEX_NAME"));
        columns.add(new Column("TYPE", PgType.INT4));
        columns.add(new Column("ORDINAL_POSITION", PgType.INT4));
        columns.addAll(columns("COLUMN_NAME", "ASC_OR_DESC"));
        columns.add(new Column("CARDINALITY", PgType.FLOAT4));
        columns.add(new Column("PAGES", PgType.INT4));
        columns.add(text("FILTER_CONDITION"));
        if (remarks) {
            columns.add(text("REMARKS"));
        }
        return new Answer(columns, rows);
    }

    /** The tables whose schema and name equal the query's {@code nspname = } and {@code relname = } values. */
    private static List<Relation> keyed(Map<String, String> equal, List<Relation> relations) {
        return relations.stream()
                .filter(relation -> relation.kind() == 'r')
                .filter(relation ->
                        !equal.containsKey("nspname") || equal.get("nspname").equals(relation.schema()))
                .filter(relation ->
                        !equal.containsKey("relname") || equal.get("relname").equals(relation.name()))
                .toList();
    }

    // ---- psql ----

    /**
     * {@code \dt}, {@code \dv}, {@code \di}, {@code \d} (and their combinations such as {@code
     * \dti}): schema, name, type and owner of each relation of the kinds the query's {@code
     * c.relkind IN (…)} names; indexes (a table's keys) also name their table.
     */
    private static Answer psqlList(String sql, String normalized, List<Relation> relations) {
        Matcher kindList = RELKIND_LIST.matcher(normalized);
        String kinds = kindList.find() ? kindList.group(1) : "'r', 'v'";
        boolean tables = kinds.contains("'r'");
        boolean views = kinds.contains("'v'");
        boolean indexes = kinds.contains("'i'");
        Map<String, Pattern> regex = regexFilters(sql);
        List<List<Object>> rows = new ArrayList<>();
        for (Relation relation : relations) {
            if (!matches(relation.schema(), regex.get("nspname"))) {
                continue;
            }
            boolean wanted = relation.kind() == 'r' ? tables : views;
            if (wanted && matches(relation.name(), regex.get("relname"))) {
                List<Object> row = new ArrayList<>(List.of(
                        relation.schema(), relation.name(), relation.kind() == 'r' ? "table" : "view", "quiver"));
                if (indexes) {
                    row.add(null);
                }
                rows.add(row);
            }
            for (NamedKey key : indexes ? relation.keys() : List.<NamedKey>of()) {
                if (matches(key.name(), regex.get("relname"))) {
                    rows.add(List.of(relation.schema(), key.name(), "index", "quiver", relation.name()));
                }
            }
        }
        rows.sort((left, right) -> { // psql orders by schema, then name
            int bySchema = ((String) left.get(0)).compareTo((String) right.get(0));
            return bySchema != 0 ? bySchema : ((String) left.get(1)).compareTo((String) right.get(1));
        });
        return new Answer(
                indexes
                        ? columns("Schema", "Name", "Type", "Owner", "Table")
                        : columns("Schema", "Name", "Type", "Owner"),
                rows);
    }

    /** The first query of {@code \d NAME}: the OIDs of the relations the pattern names. */
    private static Answer psqlFind(String sql, List<Relation> relations) {
        Map<String, Pattern> regex = regexFilters(sql);
        List<List<Object>> rows = new ArrayList<>();
        for (Relation relation : relations) {
            if (matches(relation.schema(), regex.get("nspname"))) {
                if (matches(relation.name(), regex.get("relname"))) {
                    rows.add(List.of(relation.oid(), relation.schema(), relation.name()));
                }
            }
        }
        return new Answer(List.of(new Column("oid", PgType.OID), text("nspname"), text("relname")), rows);
    }

    /** The second query of {@code \d NAME}: the relation's kind and flags (only relhasindex set). */
    private static Answer psqlTableInfo(String sql, List<Relation> relations) {
        Relation relation = byOid(sql, relations);
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("relchecks", PgType.INT2));
        columns.add(text("relkind"));
        for (String flag : List.of(
                "relhasindex",
                "relhasrules",
                "relhastriggers",
                "relrowsecurity",
                "relforcerowsecurity",
                "relhasoids",
                "relispartition")) {
            columns.add(new Column(flag, PgType.BOOL));
        }
        columns.add(text("reloptions"));
        columns.add(new Column("reltablespace", PgType.OID));
        columns.addAll(columns("reloftype", "relpersistence", "relreplident", "amname"));
        if (relation == null) {
            return new Answer(columns, List.of());
        }
        List<Object> row = new ArrayList<>();
        row.add(0);
        row.add(String.valueOf(relation.kind()));
        row.add(!relation.keys().isEmpty()); // relhasindex: psql then asks for the keys' indexes
        for (int flag = 1; flag < 7; flag++) {
            row.add(false);
        }
        row.addAll(Arrays.asList("", 0, "", "p", "d", relation.kind() == 'r' ? "heap" : null));
        return new Answer(columns, List.of(row));
    }

    /**
     * The third query of {@code \d NAME} and {@code \d+ NAME}: each column's name and type, and
     * the details psql asked for, in its order (psql reads them by position, so an answer must
     * have exactly the columns the query selects).
     */
    private static Answer psqlColumns(String sql, String normalized, List<Relation> relations) {
        Relation relation = byOid(sql, relations);
        boolean details = normalized.contains("a.attnotnull");
        List<Column> columns = new ArrayList<>(columns("attname", "format_type"));
        if (details) {
            columns.add(text("default"));
            columns.add(new Column("attnotnull", PgType.BOOL));
            columns.add(text("attcollation"));
        }
        List<String> optional = List.of(
                "a.attidentity",
                "a.attgenerated",
                "a.attstorage",
                "attcompression",
                "attstattarget",
                "col_description");
        List<String> asked = optional.stream().filter(normalized::contains).toList();
        asked.forEach(name -> columns.add(text(name)));
        List<List<Object>> rows = new ArrayList<>();
        for (Field field : relation == null ? List.<Field>of() : relation.fields()) {
            List<Object> row = new ArrayList<>(List.of(field.getName(), typeName(field)));
            if (details) {
                row.addAll(Arrays.asList(null, !field.isNullable(), null));
            }
            for (String name : asked) {
                // storage as PostgreSQL's default for the type: plain for fixed width, extended otherwise
                row.add(
                        name.equals("a.attstorage")
                                ? (PgType.of(field.getType()).length > 0 ? "p" : "x")
                                : name.startsWith("a.att") ? "" : null);
            }
            rows.add(row);
        }
        return new Answer(columns, rows);
    }

    /** The name psql shows for a column's type. */
    static String typeName(Field field) {
        PgType type = PgType.of(field.getType());
        if (type == PgType.TEXT) { // nested and other types Quiver sends as text: show Quiver's name
            return field.getType().toString().toLowerCase(Locale.ROOT);
        }
        if (type == PgType.NUMERIC
                && field.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Decimal decimal) {
            return "numeric(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        return type.sqlName;
    }

    private static Relation byOid(String sql, List<Relation> relations) {
        Matcher matcher = OID_FILTER.matcher(sql);
        if (!matcher.find()) {
            return null;
        }
        long oid = Long.parseLong(matcher.group(1));
        return relations.stream()
                .filter(relation -> relation.oid() == oid)
                .findFirst()
                .orElse(null);
    }

    // ---- filters ----

    /** The LIKE patterns on nspname, relname and attname, from literals or bound parameters. */
    private static Map<String, String> likeFilters(String sql, List<String> parameters) {
        Map<String, String> filters = new java.util.HashMap<>();
        Matcher matcher = LIKE_FILTER.matcher(sql);
        while (matcher.find()) {
            String pattern = operand(matcher.group(2), parameters);
            if (pattern != null) {
                filters.put(matcher.group(1).toLowerCase(Locale.ROOT), pattern);
            }
        }
        return filters;
    }

    /** The values compared with {@code =} to nspname and relname, from literals or bound parameters. */
    private static Map<String, String> equalityFilters(String sql, List<String> parameters) {
        Map<String, String> filters = new java.util.HashMap<>();
        Matcher matcher = EQUALS_FILTER.matcher(sql);
        while (matcher.find()) {
            String value = operand(matcher.group(2), parameters);
            if (value != null) {
                filters.put(matcher.group(1).toLowerCase(Locale.ROOT), value);
            }
        }
        return filters;
    }

    /** A filter's operand: a bound {@code $n}'s value or a string literal's (null for an unbound one). */
    private static String operand(String operand, List<String> parameters) {
        if (operand.startsWith("$")) {
            int number = Integer.parseInt(operand.substring(1));
            return number <= parameters.size() ? parameters.get(number - 1) : null;
        }
        String value = operand.substring(operand.indexOf('\'') + 1, operand.length() - 1)
                .replace("''", "'");
        return operand.startsWith("E") || operand.startsWith("e") ? value.replace("\\\\", "\\") : value;
    }

    private static Map<String, Pattern> regexFilters(String sql) {
        Map<String, Pattern> filters = new java.util.HashMap<>();
        Matcher matcher = REGEX_FILTER.matcher(sql);
        while (matcher.find()) {
            filters.put(
                    matcher.group(1).toLowerCase(Locale.ROOT),
                    Pattern.compile(matcher.group(2).replace("''", "'")));
        }
        return filters;
    }

    private static boolean matches(String name, Pattern pattern) {
        return pattern == null || pattern.matcher(name).find();
    }

    /** SQL LIKE with {@code \\} as the escape character, as the JDBC driver escapes its patterns. */
    static boolean matchesLike(String name, String pattern) {
        return NamePattern.matches(pattern, name, false);
    }

    // ---- building answers ----

    private static Column text(String name) {
        return new Column(name, PgType.TEXT);
    }

    private static List<Column> columns(String... names) {
        return Arrays.stream(names).map(PgCatalog::text).toList();
    }

    private static List<List<Object>> row(Object... values) {
        return List.of(Arrays.asList(values));
    }

    private static Answer answer(List<Column> columns, List<List<Object>> rows) {
        return new Answer(columns, rows);
    }
}
