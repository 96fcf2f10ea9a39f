package dev.quiver.engine.sql.parser;

import dev.quiver.engine.type.TypeMapping;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Litmus;

/**
 * DuckDB's one INTERVAL type as written in a column definition or a cast ({@code i INTERVAL},
 * {@code '1 day'::INTERVAL}): months, days and microseconds, which the validator knows as
 * {@link TypeMapping#interval}.
 */
public final class IntervalTypeNameSpec extends SqlTypeNameSpec {
    IntervalTypeNameSpec(SqlParserPos pos) {
        super(new SqlIdentifier("INTERVAL", pos), pos);
    }

    @Override
    public RelDataType deriveType(SqlValidator validator) {
        return TypeMapping.interval(validator.getTypeFactory());
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("INTERVAL");
    }

    @Override
    public boolean equalsDeep(SqlTypeNameSpec spec, Litmus litmus) {
        return spec instanceof IntervalTypeNameSpec || litmus.fail("{} != {}", this, spec);
    }
}
