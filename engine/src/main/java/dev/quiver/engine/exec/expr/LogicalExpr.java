package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * AND / OR over any number of BOOLEAN operands, with SQL's three-valued logic: FALSE AND NULL is
 * FALSE, TRUE OR NULL is TRUE, otherwise NULL wins over the neutral value.
 *
 * <p>Operands that cannot fail are evaluated first, in order, then those that can (see
 * {@link KernelExpr}); an error from one of these counts only if a row the operands before it left
 * undecided raises it ({@link Exprs#evaluateWhole}). So {@code x <> 0 AND 10 / x > 1} — written in
 * either order — never divides by zero, which is what DuckDB's filters do (its optimizer also moves
 * cheap conjuncts first). Once every row is decided the remaining operands are not evaluated.
 * # Performance: the logic runs on 64-row words; once few rows are open, comparisons with a
 * constant look at those rows only.
 */
public final class LogicalExpr implements KernelExpr {
    /** The connective. */
    public enum Operator {
        AND,
        OR
    }

    /**
     * Once at most 1 in this many rows is still open, a comparison of a column with a constant is
     * evaluated on those rows alone ({@link ComparisonExpr#decideRows}), as DuckDB's selection
     * vectors do; over the whole batch before that, where a sequential loop beats scattered reads.
     */
    private static final int FEW_OPEN_ROWS = 4;

    private final Operator operator;
    private final List<Expr> operands;
    /** The operands in evaluation order: those that cannot fail first. */
    private final List<Expr> evaluationOrder;

    private final Field field;

    public LogicalExpr(Operator operator, List<Expr> operands, Field field) {
        if (operands.isEmpty()) {
            throw new IllegalArgumentException(operator + " needs operands");
        }
        for (Expr operand : operands) {
            ValueKind kind = ValueKind.of(operand.field().getType());
            if (kind != ValueKind.BOOLEAN && kind != ValueKind.NULL) {
                throw new QuiverException(
                        ErrorCode.TYPE_MISMATCH,
                        operator + " needs BOOLEAN operands, got " + KernelVectors.sqlName(operand.field()));
            }
        }
        this.operator = operator;
        this.operands = List.copyOf(operands);
        List<Expr> flat = flatten(operator, operands);
        this.evaluationOrder = Stream.concat(
                        flat.stream().filter(Exprs::isSafe), flat.stream().filter(operand -> !Exprs.isSafe(operand)))
                .toList();
        this.field = field;
    }

    /**
     * The operands to evaluate: nested connectives of the same kind spliced in ({@code (a AND b) AND
     * c} is {@code a AND b AND c} in three-valued logic too), so each of their comparisons sees only
     * the rows still open; and, for AND, two bounds on one column fused into one range test
     * ({@link ComparisonExpr#bothBounds}), as a {@code BETWEEN} or a date range becomes.
     */
    private static List<Expr> flatten(Operator operator, List<Expr> operands) {
        List<Expr> flat = new ArrayList<>();
        for (Expr operand : operands) {
            if (operand instanceof LogicalExpr nested && nested.operator == operator) {
                flat.addAll(nested.evaluationOrder);
            } else {
                flat.add(operand);
            }
        }
        if (operator == Operator.AND) {
            for (int first = 0; first < flat.size(); first++) {
                for (int second = first + 1; second < flat.size(); second++) {
                    if (flat.get(first) instanceof ComparisonExpr a
                            && flat.get(second) instanceof ComparisonExpr b
                            && ComparisonExpr.bothBounds(a, b) instanceof ComparisonExpr fused) {
                        flat.set(first, fused);
                        flat.remove(second--);
                    }
                }
            }
        }
        return flat;
    }

    /**
     * For AND, its operands as it evaluates them (nested ANDs spliced in, bounds on one column
     * fused, those that cannot fail first); for OR, null.
     */
    List<Expr> conjuncts() {
        return operator == Operator.AND ? evaluationOrder : null;
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public List<Expr> children() {
        return operands;
    }

    @Override
    public boolean mayFail() {
        return false;
    }

    @Override
    public String describe() {
        StringBuilder text = new StringBuilder("(");
        for (int index = 0; index < operands.size(); index++) {
            if (index > 0) {
                text.append(' ').append(operator).append(' ');
            }
            text.append(operands.get(index).describe());
        }
        return text.append(')').toString();
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        int words = Bits.wordCount(rowCount);
        // decided: rows whose result is settled (FALSE for AND, TRUE for OR); sawNull: rows with a NULL operand
        long[] decided = new long[words];
        long[] sawNull = new long[words];
        boolean isAnd = operator == Operator.AND;
        for (Expr operand : evaluationOrder) {
            int undecided = countUndecided(decided, rowCount);
            if (undecided == 0) {
                break;
            }
            if (undecided <= rowCount / FEW_OPEN_ROWS
                    && operand instanceof ComparisonExpr comparison
                    && comparison.decidesRows()) {
                comparison.decideRows(
                        input, undecidedRows(decided, rowCount, undecided), undecided, !isAnd, decided, sawNull);
                continue;
            }
            FieldVector whole = Exprs.evaluateWhole(operand, input, context, undecided == rowCount);
            if (whole != null) {
                try (FieldVector values = whole) {
                    Bits valid = Bits.validity(values, rowCount);
                    Bits data = dataOf(values, rowCount);
                    for (int wordIndex = 0; wordIndex < words; wordIndex++) {
                        long validWord = valid.word(wordIndex);
                        long dataWord = data.word(wordIndex);
                        decided[wordIndex] |= validWord & (isAnd ? ~dataWord : dataWord);
                        sawNull[wordIndex] |= ~validWord;
                    }
                }
                continue;
            }
            // it failed somewhere: evaluate it where the result is still open, where a failure is real
            int[] rows = undecidedRows(decided, rowCount, undecided);
            try (FieldVector values = Exprs.evaluateOn(operand, input, rows, undecided, context)) {
                Bits valid = Bits.validity(values, undecided);
                Bits data = dataOf(values, undecided);
                for (int index = 0; index < undecided; index++) {
                    int row = rows[index];
                    long bit = 1L << (row & 63);
                    if (!valid.get(index)) {
                        sawNull[row >>> 6] |= bit;
                    } else if (data.get(index) != isAnd) {
                        decided[row >>> 6] |= bit;
                    }
                }
            }
        }
        BitVector result = KernelVectors.booleans(field, rowCount, context.allocator());
        ArrowBuf data = result.getDataBuffer();
        ArrowBuf validity = result.getValidityBuffer();
        for (int wordIndex = 0; wordIndex < words; wordIndex++) {
            long address = (long) wordIndex << 3;
            long settled = decided[wordIndex];
            long unknown = sawNull[wordIndex] & ~settled;
            validity.setLong(address, ~unknown);
            // AND: TRUE where nothing was FALSE or NULL; OR: TRUE where something was TRUE
            data.setLong(address, isAnd ? ~settled & ~unknown : settled);
        }
        return KernelVectors.finish(result, rowCount);
    }

    static Bits dataOf(FieldVector values, int rowCount) {
        return values instanceof BitVector bits ? Bits.data(bits, rowCount) : Bits.constant(false, rowCount);
    }

    private static int countUndecided(long[] decided, int rowCount) {
        int settled = 0;
        for (int wordIndex = 0; wordIndex < decided.length; wordIndex++) {
            settled += Long.bitCount(Bits.masked(decided[wordIndex], wordIndex, rowCount));
        }
        return rowCount - settled;
    }

    private static int[] undecidedRows(long[] decided, int rowCount, int count) {
        int[] rows = new int[count];
        int next = 0;
        for (int wordIndex = 0; wordIndex < decided.length; wordIndex++) {
            long open = Bits.masked(~decided[wordIndex], wordIndex, rowCount);
            int base = wordIndex << 6;
            while (open != 0) {
                rows[next++] = base + Long.numberOfTrailingZeros(open);
                open &= open - 1;
            }
        }
        return rows;
    }
}
