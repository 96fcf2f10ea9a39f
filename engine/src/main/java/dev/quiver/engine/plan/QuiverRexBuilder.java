package dev.quiver.engine.plan;

import java.math.BigDecimal;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's RexBuilder, except that a cast of a numeric literal that loses digits stays a cast, and
 * that making a literal checks for a cancel.
 *
 * <p>RexBuilder folds {@code CAST(2.5 AS INTEGER)} into the literal {@code 2} while building the
 * plan, truncating; Quiver's CAST rounds half away from zero (DuckDB: 3). Keeping the cast lets
 * {@link KernelRexExecutor} fold it later with the runtime's own kernel.
 *
 * <p>Converting a statement of 50,000 literals (a huge IN list) is one long planning phase: the
 * check at every literal lets statement_timeout and cancel stop it midway.
 */
final class QuiverRexBuilder extends RexBuilder {
    private final Runnable cancelCheck;

    QuiverRexBuilder(RelDataTypeFactory typeFactory) {
        this(typeFactory, () -> {});
    }

    /** @param cancelCheck throws once the statement is cancelled */
    QuiverRexBuilder(RelDataTypeFactory typeFactory, Runnable cancelCheck) {
        super(typeFactory);
        this.cancelCheck = cancelCheck;
    }

    @Override
    protected RexLiteral makeLiteral(Comparable o, RelDataType type, SqlTypeName typeName) {
        if (cancelCheck != null) { // null while RexBuilder's constructor makes its constant literals
            cancelCheck.run();
        }
        return super.makeLiteral(o, type, typeName);
    }

    @Override
    public RexNode makeCast(
            SqlParserPos pos,
            RelDataType type,
            RexNode exp,
            boolean matchNullability,
            boolean safe,
            RexLiteral format) {
        if (exp instanceof RexLiteral literal && losesDigits(literal, type)) {
            return makeAbstractCast(pos, type, exp, safe, format);
        }
        return super.makeCast(pos, type, exp, matchNullability, safe, format);
    }

    /** Whether casting the numeric {@code literal} to {@code type} must round it. */
    private static boolean losesDigits(RexLiteral literal, RelDataType type) {
        if (literal.isNull()
                || !SqlTypeFamily.NUMERIC.contains(literal.getType())
                || !SqlTypeFamily.EXACT_NUMERIC.contains(type)) {
            return false;
        }
        BigDecimal value = literal.getValueAs(BigDecimal.class);
        if (value == null) {
            return false;
        }
        int targetScale = type.getSqlTypeName() == SqlTypeName.DECIMAL ? type.getScale() : 0;
        return value.stripTrailingZeros().scale() > targetScale;
    }
}
