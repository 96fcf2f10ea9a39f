package dev.quiver.engine.plan;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.exec.expr.support.DateTimes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Folds constant expressions at plan time with the runtime's own kernels, so a folded constant is
 * exactly what the query would have computed ({@code CAST(2.5 AS INTEGER)} is 3, as at run time and
 * in DuckDB, where Calcite's own executor truncates to 2).
 *
 * <p>An expression the runtime cannot evaluate, or whose evaluation fails ({@code 1 / 0}), is
 * returned unchanged: whether it fails is decided at run time, only if a row reaches it. Stateless.
 */
final class KernelRexExecutor implements RexExecutor {
    static final KernelRexExecutor INSTANCE = new KernelRexExecutor();

    private static final DateTimeFormatter TIMESTAMP_TEXT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private KernelRexExecutor() {}

    @Override
    public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
        for (RexNode expression : constExps) {
            reducedValues.add(reduce(rexBuilder, expression));
        }
    }

    private static RexNode reduce(RexBuilder rexBuilder, RexNode expression) {
        Expr translated;
        try {
            translated = RexToExpr.translate(expression, List.of()); // folds what evaluates cleanly
        } catch (QuiverException unsupported) {
            return expression;
        }
        if (!(translated instanceof LiteralExpr literal)) {
            return expression;
        }
        RexNode reduced = toRex(rexBuilder, literal.value(), expression.getType());
        // a literal of another type would make the rule wrap it in a CAST: keep the original then
        return reduced != null && reduced.getType().equals(expression.getType()) ? reduced : expression;
    }

    /** {@code value} (a runtime value, see LiteralExpr) as a Calcite literal of {@code type}, or null. */
    static RexNode toRex(RexBuilder rexBuilder, Object value, RelDataType type) {
        if (value == null) {
            return rexBuilder.makeNullLiteral(type);
        }
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> rexBuilder.makeLiteral((Boolean) value, type, false);
            case TINYINT, SMALLINT, INTEGER, BIGINT ->
                rexBuilder.makeExactLiteral(BigDecimal.valueOf(((Number) value).longValue()), type);
            case DECIMAL -> rexBuilder.makeExactLiteral((BigDecimal) value, type);
            case REAL, FLOAT, DOUBLE -> {
                double number = ((Number) value).doubleValue();
                yield Double.isFinite(number) ? rexBuilder.makeApproxLiteral(BigDecimal.valueOf(number), type) : null;
            }
            case CHAR, VARCHAR ->
                rexBuilder.makeLiteral(
                        new NlsString(
                                (String) value,
                                type.getCharset() == null
                                        ? null
                                        : type.getCharset().name(),
                                type.getCollation()),
                        type,
                        false);
            case BINARY, VARBINARY -> rexBuilder.makeLiteral(new ByteString((byte[]) value), type, false);
            case DATE -> {
                long days = ((Number) value).longValue();
                // Calcite's DateString has four-digit years only: BC and six-digit years stay unfolded
                yield hasCalciteYear(DateTimes.year(days))
                        ? rexBuilder.makeLiteral(DateString.fromDaysSinceEpoch((int) days), type, false)
                        : null;
            }
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> {
                long micros = ((Number) value).longValue();
                LocalDateTime time = LocalDateTime.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L),
                        (int) Math.floorMod(micros, 1_000_000L) * 1_000,
                        ZoneOffset.UTC);
                yield hasCalciteYear(time.getYear())
                        ? rexBuilder.makeLiteral(new TimestampString(TIMESTAMP_TEXT.format(time)), type, false)
                        : null;
            }
            case TIME -> {
                long micros = ((Number) value).longValue();
                if (micros >= 86_400_000_000L) {
                    yield null; // 24:00:00 has no TimeString
                }
                LocalTime time = LocalTime.ofNanoOfDay(micros * 1_000);
                TimeString text =
                        new TimeString(time.getHour(), time.getMinute(), time.getSecond()).withNanos(time.getNano());
                yield rexBuilder.makeLiteral(text, type, false);
            }
            case UUID -> {
                ByteBuffer bytes = ByteBuffer.wrap((byte[]) value);
                yield rexBuilder.makeUuidLiteral(new java.util.UUID(bytes.getLong(), bytes.getLong()));
            }
            default -> null;
        };
    }

    private static boolean hasCalciteYear(long year) {
        return year >= 1 && year <= 9999;
    }
}
