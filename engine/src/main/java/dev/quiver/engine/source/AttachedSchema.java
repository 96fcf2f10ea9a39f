package dev.quiver.engine.source;

import dev.quiver.engine.type.TypeMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * An attached DuckDB database as Calcite sees it: {@code alias.table} names a table of DuckDB's
 * {@code main} schema, as in DuckDB, and {@code alias.schema.table} a table of any schema.
 */
public final class AttachedSchema extends AbstractSchema {
    private static final String DEFAULT_SCHEMA = "main";

    private final DuckDbAttachedDatabase database;
    private final String schemaName; // null: the database itself

    /** The database level: main's tables, and one sub-schema per DuckDB schema. */
    AttachedSchema(DuckDbAttachedDatabase database) {
        this(database, null);
    }

    private AttachedSchema(DuckDbAttachedDatabase database, String schemaName) {
        this.database = database;
        this.schemaName = schemaName;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        String schema = schemaName == null ? DEFAULT_SCHEMA : schemaName;
        Map<String, Table> tables = new LinkedHashMap<>();
        for (DuckDbReader.DatabaseTableInfo table : database.tables()) {
            if (table.schema().equals(schema)) {
                tables.put(table.name(), new AttachedTable(database, table));
            }
        }
        return tables;
    }

    @Override
    protected Map<String, Schema> getSubSchemaMap() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        if (schemaName == null) {
            for (String schema : database.schemas()) {
                schemas.put(schema, new AttachedSchema(database, schema));
            }
        }
        return schemas;
    }

    /** A table of an attached database; the planner reads it through {@link #reader()} and {@link #source()}. */
    public static final class AttachedTable extends AbstractTable {
        private final DuckDbAttachedDatabase database;
        private final DuckDbReader.DatabaseTableInfo table;

        AttachedTable(DuckDbAttachedDatabase database, DuckDbReader.DatabaseTableInfo table) {
            this.database = database;
            this.table = table;
        }

        /** The alias-qualified name, for messages: {@code shop.main.items}. */
        public String qualifiedName() {
            return database.alias() + "." + table.schema() + "." + table.name();
        }

        /** The alias of the table's database. */
        public String alias() {
            return database.alias();
        }

        public DuckDbReader reader() {
            return database.reader();
        }

        public DuckDbSource source() {
            return database.source(table);
        }

        /** DuckDB's estimate of the row count (exact for tables without deleted rows). */
        public long estimatedRows() {
            return table.estimatedRows();
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            List<Field> fields = database.columns(table).getFields();
            RelDataTypeFactory.Builder builder = typeFactory.builder();
            for (Field field : fields) {
                builder.add(field.getName(), TypeMapping.toSql(field, typeFactory));
            }
            return builder.build();
        }

        @Override
        public Statistic getStatistic() {
            return Statistics.of(table.estimatedRows(), List.of());
        }
    }
}
