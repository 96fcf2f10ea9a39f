package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import dev.quiver.engine.exec.expr.support.Bits;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.expr.support.LikePattern;
import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.ValueKind;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code TRIM([BOTH|LEADING|TRAILING] characters FROM s)}: removes every character that occurs in
 * {@code characters} from the chosen ends, as DuckDB's {@code trim(s, characters)} does
 * ({@code TRIM(LEADING 'xy' FROM 'xyyxaxy') = 'axy'}). Plain TRIM removes spaces only, not tabs.
 */
public final class TrimExpr extends FunctionExpr {
    /** Which ends to trim. */
    public enum Side {
        BOTH,
        LEADING,
        TRAILING
    }

    private final Side side;
    private final Expr characters;
    private final Expr string;

    public TrimExpr(Side side, Expr characters, Expr string, Field field) {
        super(
                "TRIM",
                List.of(StringOperands.requireString("TRIM", characters), StringOperands.requireString("TRIM", string)),
                field,
                false);
        this.side = side;
        this.characters = children().get(0);
        this.string = children().get(1);
    }

    @Override
    public String describe() {
        return "TRIM(" + side + " " + characters.describe() + " FROM " + string.describe() + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        try (FieldVector strings = string.evaluate(input, context);
                FieldVector sets = characters.evaluate(input, context)) {
            if (ValueKind.of(strings.getField().getType()) == ValueKind.NULL
                    || ValueKind.of(sets.getField().getType()) == ValueKind.NULL) {
                return KernelVectors.nulls(field(), rowCount, context.allocator());
            }
            Bits valid = Bits.validity(strings, rowCount);
            Bits setValid = Bits.validity(sets, rowCount);
            ArrowBuf data = strings.getDataBuffer();
            boolean leading = side != Side.TRAILING;
            boolean trailing = side != Side.LEADING;
            String lastSet = null;
            int[] codePoints = new int[0];
            boolean[] asciiSet = new boolean[128];
            boolean setIsAscii = true;
            try (VarWidthBuilder builder = new VarWidthBuilder(
                    field(), rowCount, StringOperands.totalBytes(strings, rowCount), context.allocator())) {
                for (int row = 0; row < rowCount; row++) {
                    if (!valid.get(row) || !setValid.get(row)) {
                        builder.appendNull(row);
                        continue;
                    }
                    String set = Utf8.decode(
                            sets.getDataBuffer(), StringOperands.start(sets, row), StringOperands.length(sets, row));
                    if (!set.equals(lastSet)) {
                        lastSet = set;
                        codePoints = set.codePoints().sorted().distinct().toArray();
                        asciiSet = new boolean[128];
                        setIsAscii = true;
                        for (int codePoint : codePoints) {
                            if (codePoint < 128) {
                                asciiSet[codePoint] = true;
                            } else {
                                setIsAscii = false;
                            }
                        }
                    }
                    int start = StringOperands.start(strings, row);
                    int end = start + StringOperands.length(strings, row);
                    if (setIsAscii) {
                        // a byte >= 0x80 is never in an ASCII set, so multi-byte characters stop the scan
                        while (leading && start < end && isIn(asciiSet, data.getByte(start))) {
                            start++;
                        }
                        while (trailing && end > start && isIn(asciiSet, data.getByte(end - 1))) {
                            end--;
                        }
                    } else {
                        while (leading && start < end) {
                            int characterLength = LikePattern.characterLength(data.getByte(start));
                            if (!contains(codePoints, codePointAt(data, start, characterLength))) {
                                break;
                            }
                            start += characterLength;
                        }
                        while (trailing && end > start) {
                            int characterStart = end - 1;
                            while (characterStart > start && !Utf8.isCharacterStart(data.getByte(characterStart))) {
                                characterStart--;
                            }
                            if (!contains(codePoints, codePointAt(data, characterStart, end - characterStart))) {
                                break;
                            }
                            end = characterStart;
                        }
                    }
                    builder.append(row, data, start, end - start);
                }
                return builder.finish(rowCount);
            }
        }
    }

    private static boolean isIn(boolean[] asciiSet, byte value) {
        return value >= 0 && asciiSet[value];
    }

    private static boolean contains(int[] sortedCodePoints, int codePoint) {
        return Arrays.binarySearch(sortedCodePoints, codePoint) >= 0;
    }

    private static int codePointAt(ArrowBuf data, int start, int length) {
        return Utf8.decode(data, start, length).codePointAt(0);
    }
}
