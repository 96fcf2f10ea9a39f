package dev.quiver.engine.function;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.source.DuckDbReader;
import dev.quiver.engine.source.DuckDbSource;
import dev.quiver.engine.type.TypeMapping;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * {@code read_parquet('path')} and {@code read_csv('path')}: files read by DuckDB's own readers
 * (through its JDBC Arrow export). The columns come from the file, asked of DuckDB when the query is
 * validated; globs work as in DuckDB.
 */
public final class FileTableFunction extends SqlFunction implements SqlTableFunction {
    private final Supplier<DuckDbReader> reader;
    private final Function<String, DuckDbSource> source;

    private FileTableFunction(String name, Supplier<DuckDbReader> reader, Function<String, DuckDbSource> source) {
        super(
                name,
                SqlKind.OTHER_FUNCTION,
                ReturnTypes.CURSOR,
                null,
                OperandTypes.STRING,
                SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
        this.reader = reader;
        this.source = source;
    }

    /** {@code read_parquet}, reading through {@code reader}. */
    public static FileTableFunction parquet(Supplier<DuckDbReader> reader) {
        return new FileTableFunction("read_parquet", reader, DuckDbSource.ParquetFile::new);
    }

    /** {@code read_csv}, reading through {@code reader} (DuckDB's sniffer picks delimiter, header and types). */
    public static FileTableFunction csv(Supplier<DuckDbReader> reader) {
        return new FileTableFunction("read_csv", reader, DuckDbSource.CsvFile::new);
    }

    /** The database's DuckDB reader (started on first use). */
    public DuckDbReader reader() {
        return reader.get();
    }

    /** The source a call's path argument names. */
    public DuckDbSource source(String path) {
        return source.apply(path);
    }

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return this::rowType;
    }

    private RelDataType rowType(SqlOperatorBinding binding) {
        String path = binding.getOperandLiteralValue(0, String.class);
        if (path == null) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, getName() + "() takes a constant file path");
        }
        Schema schema;
        try (RootAllocator allocator = new RootAllocator()) {
            schema = reader.get().schema(source(path), allocator);
        }
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataTypeFactory.Builder row = factory.builder();
        for (Field field : schema.getFields()) {
            row.add(field.getName(), TypeMapping.toSql(field, factory));
        }
        return row.build();
    }
}
