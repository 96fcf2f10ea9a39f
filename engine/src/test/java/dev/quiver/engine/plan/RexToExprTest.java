package dev.quiver.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.TreeRangeSet;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.ColumnExpr;
import dev.quiver.engine.exec.expr.Expr;
import dev.quiver.engine.exec.expr.InListExpr;
import dev.quiver.engine.exec.expr.LiteralExpr;
import dev.quiver.engine.type.TypeMapping;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RexNodes built with a RexBuilder, translated and evaluated over a hand-built batch with columns
 * {@code $0 INTEGER, $1 VARCHAR, $2 DECIMAL(15,2), $3 DATE, $4 TIMESTAMP}.
 */
class RexToExprTest {
    /** DuckDB's limits, as the planner's type system sets them. */
    private static final RelDataTypeSystemImpl TYPE_SYSTEM = new RelDataTypeSystemImpl() {
        @Override
        public int getMaxPrecision(SqlTypeName typeName) {
            return switch (typeName) {
                case DECIMAL -> 38;
                case TIMESTAMP -> 6;
                default -> super.getMaxPrecision(typeName);
            };
        }

        @Override
        public int getMaxScale(SqlTypeName typeName) {
            return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
        }
    };

    private final JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(TYPE_SYSTEM);
    private final RexBuilder rex = new RexBuilder(types);
    private final RelDataType integer = nullable(SqlTypeName.INTEGER);
    private final RelDataType varchar = nullable(SqlTypeName.VARCHAR);
    private final RelDataType decimal =
            types.createTypeWithNullability(types.createSqlType(SqlTypeName.DECIMAL, 15, 2), true);
    private final RelDataType date = nullable(SqlTypeName.DATE);
    private final RelDataType timestamp =
            types.createTypeWithNullability(types.createSqlType(SqlTypeName.TIMESTAMP, 6), true);
    private final List<RelDataType> columnTypes = List.of(integer, varchar, decimal, date, timestamp);
    private final List<Field> fields =
            columnTypes.stream().map(type -> TypeMapping.toField("c", type)).toList();

    private BufferAllocator allocator;
    private ExecutionContext context;
    private Batch batch;

    @BeforeEach
    void openBatch() {
        allocator = new RootAllocator();
        context = new ExecutionContext(allocator, 1, 1024);
        IntVector ints = new IntVector("i", allocator);
        VarCharVector strings = new VarCharVector("v", allocator);
        DecimalVector decimals = new DecimalVector("m", allocator, 15, 2);
        DateDayVector dates = new DateDayVector("d", allocator);
        TimeStampMicroVector timestamps = new TimeStampMicroVector("t", allocator);
        ints.allocateNew(3);
        strings.allocateNew(3);
        decimals.allocateNew(3);
        dates.allocateNew(3);
        timestamps.allocateNew(3);
        ints.set(0, 1);
        ints.set(1, 2);
        strings.set(0, "apple".getBytes(StandardCharsets.UTF_8));
        strings.set(1, "Banana".getBytes(StandardCharsets.UTF_8));
        decimals.set(0, new BigDecimal("1.25"));
        decimals.set(1, new BigDecimal("-0.50"));
        dates.set(0, 8035); // 1992-01-01
        dates.set(1, 10561); // 1998-12-01
        timestamps.set(0, 694_224_000_000_000L + 3_723_500_000L); // 1992-01-01 01:02:03.5
        timestamps.set(1, 0L);
        for (FieldVector vector : List.<FieldVector>of(ints, strings, decimals, dates, timestamps)) {
            vector.setValueCount(3);
        }
        batch = new Batch(List.of(ints, strings, decimals, dates, timestamps), 3);
    }

    @AfterEach
    void closeBatch() {
        batch.close();
        allocator.close();
    }

    private RelDataType nullable(SqlTypeName name) {
        return types.createTypeWithNullability(types.createSqlType(name), true);
    }

    private RexNode ref(int index) {
        return rex.makeInputRef(columnTypes.get(index), index);
    }

    private RexNode integer(int value) {
        return rex.makeExactLiteral(BigDecimal.valueOf(value));
    }

    private RexNode string(String value) {
        return rex.makeLiteral(value);
    }

    private Expr translate(RexNode node) {
        return RexToExpr.translate(node, fields);
    }

    private List<Object> evaluate(RexNode node) {
        try (FieldVector result = translate(node).evaluate(batch, context)) {
            List<Object> values = new ArrayList<>();
            for (int row = 0; row < result.getValueCount(); row++) {
                Object value = result.getObject(row);
                values.add(
                        switch (value) {
                            case org.apache.arrow.vector.util.Text text -> text.toString();
                            case BigDecimal number -> number.toPlainString();
                            case null, default -> value;
                        });
            }
            return values;
        }
    }

    @Test
    void inputReferencesAreColumns() {
        assertThat(translate(ref(1))).isEqualTo(new ColumnExpr(1, fields.get(1)));
        assertThatThrownBy(() -> RexToExpr.translate(rex.makeInputRef(integer, 7), fields))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void literalsOfEveryType() {
        assertThat(evaluate(rex.makeLiteral(true))).containsExactly(true, true, true);
        assertThat(evaluate(rex.makeExactLiteral(BigDecimal.valueOf(7), types.createSqlType(SqlTypeName.TINYINT))))
                .containsExactly((byte) 7, (byte) 7, (byte) 7);
        assertThat(evaluate(rex.makeExactLiteral(
                        BigDecimal.valueOf(10_000_000_000L), types.createSqlType(SqlTypeName.BIGINT))))
                .containsOnly(10_000_000_000L);
        assertThat(evaluate(rex.makeExactLiteral(new BigDecimal("1.50")))).containsOnly("1.50");
        assertThat(evaluate(rex.makeApproxLiteral(new BigDecimal("1.5"), types.createSqlType(SqlTypeName.REAL))))
                .containsOnly(1.5f);
        assertThat(evaluate(rex.makeApproxLiteral(new BigDecimal("1e3")))).containsOnly(1000.0);
        assertThat(evaluate(string("héllo"))).containsOnly("héllo");
        assertThat(evaluate(rex.makeDateLiteral(new DateString("1992-01-01")))).containsOnly(8035);
        assertThat(evaluate(rex.makeTimestampLiteral(new TimestampString("1970-01-01 00:00:01.123456"), 6)))
                .containsOnly(java.time.LocalDateTime.of(1970, 1, 1, 0, 0, 1, 123_456_000));
        assertThat(evaluate(rex.makeNullLiteral(integer))).containsOnly((Object) null);
        assertThat(evaluate(rex.makeNullLiteral(types.createSqlType(SqlTypeName.NULL))))
                .containsOnly((Object) null);
    }

    @Test
    void arithmeticAndComparison() {
        RexNode plus = rex.makeCall(SqlStdOperatorTable.PLUS, ref(0), integer(10));
        assertThat(evaluate(plus)).containsExactly(11, 12, null);
        RexNode times = rex.makeCall(SqlStdOperatorTable.MULTIPLY, ref(2), ref(0));
        assertThat(evaluate(times)).containsExactly("1.25", "-1.00", null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.UNARY_MINUS, ref(0))))
                .containsExactly(-1, -2, null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.GREATER_THAN, ref(0), integer(1))))
                .containsExactly(false, true, null);
        assertThat(evaluate(
                        rex.makeCall(SqlStdOperatorTable.IS_NOT_DISTINCT_FROM, ref(0), rex.makeNullLiteral(integer))))
                .containsExactly(false, false, true);
        assertThatThrownBy(() -> evaluate(rex.makeCall(SqlStdOperatorTable.DIVIDE, ref(0), integer(0))))
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.DIVISION_BY_ZERO);
    }

    @Test
    void logicAndNullTests() {
        RexNode positive = rex.makeCall(SqlStdOperatorTable.GREATER_THAN, ref(0), integer(1));
        RexNode apple = rex.makeCall(SqlStdOperatorTable.EQUALS, ref(1), string("apple"));
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.OR, positive, apple)))
                .containsExactly(true, true, null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.AND, positive, apple)))
                .containsExactly(false, false, null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.NOT, positive))).containsExactly(true, false, null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.IS_NULL, ref(1)))).containsExactly(false, false, true);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.IS_NOT_TRUE, positive)))
                .containsExactly(true, false, true);
    }

    @Test
    void caseCoalesceNullIfAndCast() {
        RexNode big = rex.makeCall(SqlStdOperatorTable.GREATER_THAN, ref(0), integer(1));
        RexNode caseWhen = rex.makeCall(SqlStdOperatorTable.CASE, big, string("big"), string("small"));
        assertThat(evaluate(caseWhen)).containsExactly("small", "big", "small");
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.COALESCE, ref(0), integer(-1))))
                .containsExactly(1, 2, -1);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.NULLIF, ref(0), integer(1))))
                .containsExactly(null, 2, null);
        assertThat(evaluate(rex.makeCast(varchar, ref(2)))).containsExactly("1.25", "-0.50", null);
        assertThat(evaluate(rex.makeCast(integer, ref(2)))).containsExactly(1, -1, null);
    }

    @Test
    void constantsAreFolded() {
        Expr folded = translate(rex.makeCast(date, string("1995-03-15")));
        assertThat(folded).isInstanceOf(LiteralExpr.class);
        assertThat(((LiteralExpr) folded).value()).isEqualTo(9204L);
        // a constant that fails stays an expression: it raises only if a row needs it
        Expr failing = translate(rex.makeCall(SqlStdOperatorTable.DIVIDE, integer(1), integer(0)));
        assertThat(failing).isNotInstanceOf(LiteralExpr.class);
        RexNode guarded = rex.makeCall(
                SqlStdOperatorTable.CASE,
                rex.makeLiteral(false),
                rex.makeCall(SqlStdOperatorTable.DIVIDE, integer(1), integer(0)),
                integer(5));
        assertThat(evaluate(guarded)).containsOnly(5);
    }

    @Test
    void searchOverPointsIsAnInList() {
        TreeRangeSet<BigDecimal> points = TreeRangeSet.create();
        points.add(Range.singleton(BigDecimal.ONE));
        points.add(Range.singleton(BigDecimal.valueOf(3)));
        RexNode in = rex.makeCall(
                SqlStdOperatorTable.SEARCH,
                ref(0),
                rex.makeSearchArgumentLiteral(Sarg.of(RexUnknownAs.UNKNOWN, points), integer));
        assertThat(translate(in)).isInstanceOf(InListExpr.class);
        assertThat(evaluate(in)).containsExactly(true, false, null);
        RexNode notIn = rex.makeCall(
                SqlStdOperatorTable.SEARCH,
                ref(0),
                rex.makeSearchArgumentLiteral(Sarg.of(RexUnknownAs.FALSE, points.complement()), integer));
        assertThat(evaluate(notIn)).containsExactly(false, true, false);
    }

    @Test
    void searchOverRangesIsExpanded() {
        RexNode between = rex.makeCall(
                SqlStdOperatorTable.SEARCH,
                ref(0),
                rex.makeSearchArgumentLiteral(
                        Sarg.of(
                                RexUnknownAs.UNKNOWN,
                                ImmutableRangeSet.of(Range.closed(BigDecimal.valueOf(2), BigDecimal.valueOf(5)))),
                        integer));
        assertThat(evaluate(between)).containsExactly(false, true, null);
    }

    @Test
    void stringFunctions() {
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.UPPER, ref(1)))).containsExactly("APPLE", "BANANA", null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.LOWER, ref(1)))).containsExactly("apple", "banana", null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.SUBSTRING, ref(1), integer(2), integer(3))))
                .containsExactly("ppl", "ana", null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.CHAR_LENGTH, ref(1))))
                .containsExactly(5, 6, null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.POSITION, string("an"), ref(1))))
                .containsExactly(0, 2, null);
        assertThat(evaluate(rex.makeCall(
                        SqlStdOperatorTable.CONCAT,
                        rex.makeCall(SqlStdOperatorTable.CONCAT, ref(1), string("-")),
                        ref(1))))
                .containsExactly("apple-apple", "Banana-Banana", null);
        assertThat(evaluate(rex.makeCall(
                        SqlStdOperatorTable.TRIM, rex.makeFlag(SqlTrimFunction.Flag.LEADING), string("a"), ref(1))))
                .containsExactly("pple", "Banana", null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.LIKE, ref(1), string("%an%"))))
                .containsExactly(false, true, null);
        assertThat(evaluate(rex.makeCall(
                        SqlStdOperatorTable.NOT, rex.makeCall(SqlStdOperatorTable.LIKE, ref(1), string("a%")))))
                .containsExactly(false, true, null);
        assertThat(evaluate(rex.makeCall(SqlStdOperatorTable.LIKE, ref(1), string("a#%"), string("#"))))
                .containsExactly(false, false, null);
    }

    @Test
    void datesAndIntervals() {
        RexNode year = rex.makeCall(SqlStdOperatorTable.EXTRACT, rex.makeFlag(TimeUnitRange.YEAR), ref(3));
        assertThat(evaluate(year)).containsExactly(1992L, 1998L, null);
        RexNode second = rex.makeCall(SqlStdOperatorTable.EXTRACT, rex.makeFlag(TimeUnitRange.SECOND), ref(4));
        assertThat(evaluate(second)).containsExactly(3L, 0L, null);
        RexNode ninetyDays = rex.makeIntervalLiteral(
                new BigDecimal(90L * 86_400_000L),
                new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.DAY, SqlParserPos.ZERO));
        RexNode minus = rex.makeCall(date, SqlStdOperatorTable.MINUS_DATE, List.of(ref(3), ninetyDays));
        assertThat(evaluate(minus)).containsExactly(8035 - 90, 10561 - 90, null);
        RexNode oneMonth = rex.makeIntervalLiteral(
                BigDecimal.ONE, new SqlIntervalQualifier(TimeUnit.MONTH, TimeUnit.MONTH, SqlParserPos.ZERO));
        RexNode plus = rex.makeCall(date, SqlStdOperatorTable.DATETIME_PLUS, List.of(ref(3), oneMonth));
        assertThat(evaluate(plus)).containsExactly(8035 + 31, 10561 + 31, null);
    }

    @Test
    void unknownOperatorsAreUnsupported() {
        RexNode truncated = rex.makeCall(
                SqlStdOperatorTable.TRUNCATE,
                rex.makeCast(nullable(SqlTypeName.DOUBLE), ref(0)),
                rex.makeExactLiteral(BigDecimal.ONE));
        assertThatThrownBy(() -> translate(truncated))
                .isInstanceOf(QuiverException.class)
                .hasMessage("function TRUNCATE is not supported yet")
                .extracting(e -> ((QuiverException) e).code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
    }
}
