package dev.quiver.engine.catalog;

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
import org.apache.calcite.schema.impl.ViewTable;

/**
 * The catalog as Calcite sees it: every {@link MemoryTable} as a table with its row type and row
 * count (which feeds join ordering), every view as a Calcite {@link ViewTable} (which the planner
 * expands), and every attached DuckDB database as a sub-schema. Read
 * afresh for each statement, so DDL, ATTACH and DETACH are visible at once.
 */
public final class QuiverSchema extends AbstractSchema {
    private final Catalog catalog;
    private final TableLookup tables;

    /** The catalog's committed tables. */
    public QuiverSchema(Catalog catalog) {
        this(catalog, catalog);
    }

    /** The catalog's attached databases, and the tables as {@code tables} (e.g. a transaction) sees them. */
    public QuiverSchema(Catalog catalog, TableLookup tables) {
        this.catalog = catalog;
        this.tables = tables;
    }

    /**
     * One sub-schema per attached DuckDB database, under its alias, and {@code main}: Quiver's own
     * tables and views again, so that {@code main.t} names {@code t} as in DuckDB (clients that
     * qualify every name with its schema, as DBeaver does, write it so).
     */
    @Override
    protected Map<String, Schema> getSubSchemaMap() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (AttachedDatabase database : catalog.attachedDatabases()) {
            schemas.put(database.alias(), database.calciteSchema());
        }
        schemas.putIfAbsent(Relation.MAIN_SCHEMA, new AbstractSchema() {
            @Override
            protected Map<String, Table> getTableMap() {
                return QuiverSchema.this.getTableMap();
            }
        });
        return schemas;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (MemoryTable table : this.tables.tables()) {
            tables.put(table.name(), new CatalogTable(table));
        }
        for (ViewDefinition view : catalog.views()) {
            // expanded by the planner's view expander, which plans the query with these tables
            tables.putIfAbsent(
                    view.name(),
                    new ViewTable(
                            Object.class,
                            factory -> rowType(view.columns(), factory),
                            view.querySql(),
                            List.of(),
                            List.of(view.name())));
        }
        return tables;
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

        CatalogTable(MemoryTable table) {
            this.table = table;
        }

        public MemoryTable table() {
            return table;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return rowType(table.schema().getFields(), typeFactory);
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
