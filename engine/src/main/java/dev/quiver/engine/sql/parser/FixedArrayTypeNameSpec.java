package dev.quiver.engine.sql.parser;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Litmus;

/** DuckDB's fixed-size array type as written, {@code INTEGER[3]}: an ARRAY of a known length. */
public final class FixedArrayTypeNameSpec extends SqlCollectionTypeNameSpec {
    private final int size;

    /** The type {@code elementTypeName[size]}. */
    public FixedArrayTypeNameSpec(SqlTypeNameSpec elementTypeName, int size, SqlParserPos pos) {
        super(elementTypeName, SqlTypeName.ARRAY, pos);
        this.size = size;
    }

    @Override
    public RelDataType deriveType(SqlValidator validator) {
        RelDataType list = super.deriveType(validator);
        RelDataType fixed = validator.getTypeFactory().createArrayType(list.getComponentType(), size);
        return validator.getTypeFactory().createTypeWithNullability(fixed, list.isNullable());
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        getElementTypeName().unparse(writer, leftPrec, rightPrec);
        writer.setNeedWhitespace(false);
        writer.print("[" + size + "]");
    }

    @Override
    public boolean equalsDeep(SqlTypeNameSpec spec, Litmus litmus) {
        if (!(spec instanceof FixedArrayTypeNameSpec other) || other.size != size) {
            return litmus.fail("{} != {}", this, spec);
        }
        return super.equalsDeep(spec, litmus);
    }
}
