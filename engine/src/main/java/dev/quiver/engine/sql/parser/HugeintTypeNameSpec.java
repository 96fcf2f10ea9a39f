package dev.quiver.engine.sql.parser;

import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * DuckDB's HUGEINT (also UHUGEINT, INT128) as written: DECIMAL(38,0) to the validator, but still
 * known as HUGEINT so that Python functions get {@code int}s for it, and written back as HUGEINT
 * (the stored definition of a function keeps the spelling).
 */
public final class HugeintTypeNameSpec extends SqlBasicTypeNameSpec {
    private static final int PRECISION = 38;

    HugeintTypeNameSpec(SqlParserPos pos) {
        super(SqlTypeName.DECIMAL, PRECISION, 0, pos);
    }

    /** Whether {@code spec} was written as HUGEINT. */
    public static boolean isHugeint(SqlDataTypeSpec spec) {
        return spec != null && spec.getTypeNameSpec() instanceof HugeintTypeNameSpec;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("HUGEINT");
    }
}
