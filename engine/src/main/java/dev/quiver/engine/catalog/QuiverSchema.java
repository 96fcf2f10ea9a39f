package dev.quiver.engine.catalog;

import dev.quiver.engine.type.TypeMapping;
import java.util.HashMap;
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
import org.apache.calcite.schema.impl.ViewTable;

/**
 * The catalog as Calcite sees it: every {@link MemoryTable} as a table with its row type and row
 * count (which feeds join ordering), every view as a Calcite {@link ViewTable} (which the planner
 * expands), and every attached DuckDB database as a sub-schema. Read
 * afresh for each statement, so DDL, ATTACH and DETACH are visible at once.
 *
 * <p>One instance serves one statement (the planner makes its own): what it reads from the catalog
 * is read once and kept, because Calcite asks for the tables and schemas again at every name it
 * resolves (and the row type at every reference), which rebuilt them each time.
 */
public final class QuiverSchema extends AbstractSchema {
    private final Catalog catalog;
    private final TableLookup tables;
    /** Quiver's own database as DuckDB names it: {@code memory.main.t}, {@code memory.s.t}. */
    private static final String DATABASE = "memory";

    /** The reading connection's TEMP schema (its TEMP objects shadow main's), or null for none. */
    private final String temporarySchema;

    /** {@link #getSubSchemaMap()}, read on first use. */
    private Map<String, Schema> subSchemas;
    /** {@link #getTableMap()}, read on first use. */
    private Map<String, Table> visibleTables;
    /** {@link #objectsOf} by internal schema name, each read on first use. */
    private final Map<String, Map<String, Table>> objectsBySchema = new HashMap<>();

    /** The catalog's committed tables. */
    public QuiverSchema(Catalog catalog) {
        this(catalog, catalog, null);
    }

    /**
     * The catalog's attached databases, and the tables as {@code tables} (e.g. a transaction) sees
     * them, for the connection whose TEMP schema is {@code temporarySchema} (null: none).
     */
    public QuiverSchema(Catalog catalog, TableLookup tables, String temporarySchema) {
        this.catalog = catalog;
        this.tables = tables;
        this.temporarySchema = temporarySchema;
    }

    /**
     * One sub-schema per attached DuckDB database, under its alias; {@code main}: what unqualified
     * names see, so that {@code main.t} names {@code t} as in DuckDB (clients that qualify every
     * name with its schema, as DBeaver does, write it so; a TEMP {@code t} first, as DuckDB's search
     * path has it); {@code temp}: the connection's TEMP objects; one per schema CREATE SCHEMA made;
     * and {@code memory}, the database itself ({@code memory.main.t} is main's {@code t} only).
     */
    @Override
    protected Map<String, Schema> getSubSchemaMap() {
        if (subSchemas == null) {
            subSchemas = readSubSchemas();
        }
        return subSchemas;
    }

    private Map<String, Schema> readSubSchemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (AttachedDatabase database : catalog.attachedDatabases()) {
            schemas.put(database.alias(), database.calciteSchema());
        }
        // as in DuckDB, whose search path has main of catalog temp before main of the database
        schemas.putIfAbsent(QualifiedName.MAIN, new AbstractSchema() {
            @Override
            protected Map<String, Table> getTableMap() {
                return QuiverSchema.this.getTableMap();
            }
        });
        if (temporarySchema != null) {
            schemas.putIfAbsent(QualifiedName.TEMP, new SchemaObjects(temporarySchema));
        }
        for (String schema : catalog.schemas()) {
            schemas.putIfAbsent(schema, new SchemaObjects(schema));
        }
        schemas.putIfAbsent(DATABASE, new AbstractSchema() {
            private Map<String, Schema> database;

            @Override
            protected Map<String, Schema> getSubSchemaMap() {
                if (database == null) {
                    database = new LinkedHashMap<>();
                    database.put(QualifiedName.MAIN, new SchemaObjects(QualifiedName.MAIN));
                    for (String schema : catalog.schemas()) {
                        database.put(schema, new SchemaObjects(schema));
                    }
                }
                return database;
            }
        });
        return schemas;
    }

    /** Unqualified names: main's tables and views, shadowed by the connection's TEMP ones. */
    @Override
    protected Map<String, Table> getTableMap() {
        if (visibleTables == null) {
            Map<String, Table> visible = new LinkedHashMap<>(objectsOf(QualifiedName.MAIN));
            if (temporarySchema != null) {
                visible.putAll(objectsOf(temporarySchema));
            }
            visibleTables = visible;
        }
        return visibleTables;
    }

    /** The tables and views of internal schema {@code schema}, by name. */
    private Map<String, Table> objectsOf(String schema) {
        return objectsBySchema.computeIfAbsent(schema, this::readObjectsOf);
    }

    private Map<String, Table> readObjectsOf(String schema) {
        Map<String, Table> objects = new LinkedHashMap<>();
        for (MemoryTable table : this.tables.tables()) {
            QualifiedName name = QualifiedName.of(table.name());
            if (name.inSchema(schema)) {
                objects.put(name.name(), new CatalogTable(table));
            }
        }
        for (ViewDefinition view : catalog.views()) {
            QualifiedName name = QualifiedName.of(view.name());
            if (name.inSchema(schema)) {
                // expanded by the planner's view expander, which plans the query with these tables
                objects.putIfAbsent(
                        name.name(),
                        new ViewTable(
                                Object.class,
                                factory -> rowType(view.columns(), factory),
                                view.querySql(),
                                List.of(),
                                List.of(name.listedSchema(), name.name())));
            }
        }
        return objects;
    }

    /** The objects of one schema, as a Calcite sub-schema. */
    private final class SchemaObjects extends AbstractSchema {
        private final String schema;

        SchemaObjects(String schema) {
            this.schema = schema;
        }

        @Override
        protected Map<String, Table> getTableMap() {
            return objectsOf(schema);
        }

        /** DuckDB's {@code temp.main.t}: the TEMP schema is schema main of catalog temp. */
        @Override
        protected Map<String, Schema> getSubSchemaMap() {
            return schema.equals(temporarySchema) ? Map.of(QualifiedName.MAIN, this) : Map.of();
        }
    }

    private static RelDataType rowType(List<Field> fields, RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (Field field : fields) {
            builder.add(field.getName(), TypeMapping.toSql(field, typeFactory));
        }
        return builder.build();
    }

    /** A catalog table seen by Calcite; the planner finds the {@link MemoryTable} through {@link #table()}. */
    public static final class CatalogTable extends AbstractTable {
        private final MemoryTable table;
        /** The row type last made, and the factory it was made by (the planner has one). */
        private RelDataType rowType;

        private RelDataTypeFactory rowTypeFactory;

        CatalogTable(MemoryTable table) {
            this.table = table;
        }

        public MemoryTable table() {
            return table;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            if (typeFactory != rowTypeFactory) {
                rowType = rowType(table.schema().getFields(), typeFactory);
                rowTypeFactory = typeFactory;
            }
            return rowType;
        }

        @Override
        public Statistic getStatistic() {
            return Statistics.of(table.rowCount(), List.of());
        }

        /** Also the table's column defaults, which Calcite asks for when it plans an INSERT. */
        @Override
        public <C extends Object> C unwrap(Class<C> type) {
            if (type.isAssignableFrom(ColumnDefaults.class)) {
                return type.cast(new ColumnDefaults(table.schema().getFields(), TableConstraints.of(table.schema())));
            }
            return super.unwrap(type);
        }
    }
}
