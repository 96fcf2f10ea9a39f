package dev.quiver.server.flight;

import dev.quiver.engine.catalog.NamePattern;
import dev.quiver.engine.catalog.Relation;
import dev.quiver.engine.catalog.TableConstraints;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of Flight SQL's metadata commands (catalogs, schemas, tables, table types, primary
 * keys, type info), built from the database's catalog in the column layouts the Flight SQL
 * specification fixes ({@link Schemas}). Small results: one batch each.
 */
final class MetadataRows {
    /** The one schema Quiver's own tables live in. */
    static final String MAIN_SCHEMA = Relation.MAIN_SCHEMA;

    private MetadataRows() {}

    /** Sends {@code rows} (values in the schema's column order; null for NULL) as one batch and completes. */
    static void send(Schema schema, List<List<Object>> rows, BufferAllocator allocator, ServerStreamListener listener) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            for (int row = 0; row < rows.size(); row++) {
                List<Object> values = rows.get(row);
                for (int column = 0; column < schema.getFields().size(); column++) {
                    set(root.getVector(column), row, values.get(column));
                }
            }
            root.setRowCount(rows.size());
            listener.start(root);
            listener.putNext();
            listener.completed();
        }
    }

    private static void set(FieldVector vector, int row, Object value) {
        switch (vector) {
            case VarCharVector text
            when value instanceof String string -> text.setSafe(row, string.getBytes(StandardCharsets.UTF_8));
            case VarBinaryVector binary when value instanceof byte[] bytes -> binary.setSafe(row, bytes);
            case IntVector integer when value instanceof Integer number -> integer.setSafe(row, number);
            case BitVector bits when value instanceof Boolean bool -> bits.setSafe(row, bool ? 1 : 0);
            default -> {
                if (value != null) {
                    throw new IllegalArgumentException(
                            "no " + value.getClass().getSimpleName() + " in metadata column " + vector.getName());
                }
                vector.setNull(row);
            }
        }
    }

    /** The attached databases' aliases: Quiver's own tables have no catalog. */
    static List<List<Object>> catalogs(List<Relation> relations) {
        return relations.stream()
                .map(Relation::catalog)
                .filter(Objects::nonNull)
                .distinct()
                .map(catalog -> List.<Object>of(catalog))
                .toList();
    }

    static List<List<Object>> schemas(CommandGetDbSchemas command, List<Relation> relations) {
        Pattern pattern = command.hasDbSchemaFilterPattern() ? like(command.getDbSchemaFilterPattern()) : null;
        Set<List<Object>> rows = new LinkedHashSet<>();
        rows.add(Arrays.asList(null, MAIN_SCHEMA)); // Quiver's own schema, also when empty
        for (Relation relation : relations) {
            rows.add(Arrays.asList(relation.catalog(), relation.schema()));
        }
        return rows.stream()
                .filter(row ->
                        Relation.inCatalog(command.hasCatalog() ? command.getCatalog() : null, (String) row.get(0)))
                .filter(row ->
                        pattern == null || pattern.matcher((String) row.get(1)).matches())
                .toList();
    }

    static List<List<Object>> tables(CommandGetTables command, List<Relation> relations) {
        Pattern schema = command.hasDbSchemaFilterPattern() ? like(command.getDbSchemaFilterPattern()) : null;
        Pattern name = command.hasTableNameFilterPattern() ? like(command.getTableNameFilterPattern()) : null;
        List<List<Object>> rows = new ArrayList<>();
        for (Relation relation : relations) {
            boolean wanted = command.getTableTypesCount() == 0
                    || command.getTableTypesList().stream()
                            .anyMatch(relation.kind().name()::equalsIgnoreCase);
            if (!wanted
                    || !Relation.inCatalog(command.hasCatalog() ? command.getCatalog() : null, relation.catalog())
                    || schema != null && !schema.matcher(relation.schema()).matches()
                    || name != null && !name.matcher(relation.name()).matches()) {
                continue;
            }
            List<Object> row = new ArrayList<>(Arrays.asList(
                    relation.catalog(),
                    relation.schema(),
                    relation.name(),
                    relation.kind().name()));
            if (command.getIncludeSchema()) {
                row.add(new Schema(relation.columns().get()).serializeAsMessage());
            }
            rows.add(row);
        }
        return rows;
    }

    /** One row per primary key column of the table the command names (schema and catalog optional). */
    static List<List<Object>> primaryKeys(CommandGetPrimaryKeys command, List<Relation> relations) {
        List<List<Object>> rows = new ArrayList<>();
        for (Relation relation : relations) {
            if (relation.kind() != Relation.Kind.TABLE
                    || !relation.name().equalsIgnoreCase(command.getTable())
                    || !Relation.inCatalog(command.hasCatalog() ? command.getCatalog() : null, relation.catalog())
                    || command.hasDbSchema() && !command.getDbSchema().equalsIgnoreCase(relation.schema())) {
                continue;
            }
            for (TableConstraints.NamedKey key : relation.constraints().get().namedKeys(relation.name())) {
                if (key.primary()) {
                    for (int position = 0; position < key.columns().size(); position++) {
                        rows.add(Arrays.asList(
                                relation.catalog(),
                                relation.schema(),
                                relation.name(),
                                key.columns().get(position),
                                position + 1,
                                key.name()));
                    }
                }
            }
        }
        return rows;
    }

    static List<List<Object>> tableTypes() {
        return List.of(List.of(Relation.Kind.TABLE.name()), List.of(Relation.Kind.VIEW.name()));
    }

    /** One row per SQL type Quiver has, in the columns of GetXdbcTypeInfo. */
    static List<List<Object>> typeInfo(CommandGetXdbcTypeInfo command) {
        List<List<Object>> rows = new ArrayList<>();
        addType(rows, "BOOLEAN", Types.BOOLEAN, 1, null, false, 0);
        addType(rows, "TINYINT", Types.TINYINT, 3, null, false, 10);
        addType(rows, "SMALLINT", Types.SMALLINT, 5, null, false, 10);
        addType(rows, "INTEGER", Types.INTEGER, 10, null, false, 10);
        addType(rows, "BIGINT", Types.BIGINT, 19, null, false, 10);
        addType(rows, "REAL", Types.REAL, 7, null, false, 2);
        addType(rows, "DOUBLE", Types.DOUBLE, 15, null, false, 2);
        addType(rows, "DECIMAL", Types.DECIMAL, 38, null, true, 10);
        addType(rows, "VARCHAR", Types.VARCHAR, Integer.MAX_VALUE, "'", false, 0);
        addType(rows, "VARBINARY", Types.VARBINARY, Integer.MAX_VALUE, "X'", false, 0);
        addType(rows, "DATE", Types.DATE, 10, "DATE '", false, 0);
        addType(rows, "TIMESTAMP", Types.TIMESTAMP, 26, "TIMESTAMP '", false, 0);
        if (command.hasDataType()) {
            rows.removeIf(row -> !row.get(1).equals(command.getDataType()));
        }
        return rows;
    }

    private static void addType(
            List<List<Object>> rows,
            String name,
            int jdbcType,
            int precision,
            String prefix,
            boolean scaled,
            int radix) {
        rows.add(Arrays.asList(
                name, // type_name
                jdbcType, // data_type
                precision, // column_size
                prefix, // literal_prefix
                prefix == null ? null : "'", // literal_suffix
                null, // create_params
                DatabaseMetaData.typeNullable, // nullable
                jdbcType == Types.VARCHAR, // case_sensitive
                DatabaseMetaData.typeSearchable, // searchable
                radix == 0 ? null : false, // unsigned_attribute
                false, // fixed_prec_scale
                radix == 0 ? null : false, // auto_increment
                name, // local_type_name
                scaled ? 0 : null, // minimum_scale
                scaled ? 38 : null, // maximum_scale
                jdbcType, // sql_data_type
                null, // datetime_subcode
                radix == 0 ? null : radix, // num_prec_radix
                null)); // interval_precision
    }

    /** A SQL LIKE pattern ({@code %}, {@code _}, escape {@code \\}) as a case-insensitive regular expression. */
    static Pattern like(String pattern) {
        return NamePattern.compile(pattern, true);
    }
}
