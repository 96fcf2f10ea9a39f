package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.Batch;
import dev.quiver.engine.exec.ExecutionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * DuckDB's string functions that compute on a row's characters: replace, lpad/rpad, left/right,
 * reverse, repeat, split_part, chr, ascii, starts_with, ends_with, contains, regexp_matches and
 * regexp_replace. NULL in any argument gives NULL. Positions and lengths count characters (code
 * points), as DuckDB does.
 *
 * <p>Regular expressions are Java's ({@link Pattern}), which agree with DuckDB's RE2 on ordinary
 * patterns; a constant pattern is compiled once per expression. Options: {@code 'i'} ignores
 * case, {@code 'g'} (regexp_replace) replaces every match instead of the first; {@code \1} in a
 * replacement is group 1, as in RE2.
 *
 * <p># Performance: each row is decoded into a Java string — simple and correct for any UTF-8, but
 * an allocation per row; the one switch per batch picks the function's loop.
 */
public final class TextFunctionExpr implements KernelExpr {
    /** The functions and their operands: S = VARCHAR, I = BIGINT. */
    public enum Function {
        REPLACE("SSS"), LPAD("SIS"), RPAD("SIS"), LEFT("SI"), RIGHT("SI"), REVERSE("S"), REPEAT("SI"),
        SPLIT_PART("SSI"), CHR("I"), ASCII("S"), STARTS_WITH("SS"), ENDS_WITH("SS"), CONTAINS("SS"),
        REGEXP_MATCHES("SSS"), REGEXP_REPLACE("SSSS");

        final String operands;

        Function(String operands) {
            this.operands = operands;
        }

        boolean returnsBoolean() {
            return this == STARTS_WITH || this == ENDS_WITH || this == CONTAINS || this == REGEXP_MATCHES;
        }
    }

    private final Function function;
    private final List<Expr> operands;
    private final Field field;
    /** The compiled pattern when pattern and options are constants, else null. */
    private final Pattern constantPattern;

    /**
     * @param operands as {@link Function#operands} says; a trailing options argument of the regexp
     *                 functions may be left out
     */
    public TextFunctionExpr(Function function, List<Expr> operands, Field field) {
        String kinds = function.operands;
        List<Expr> checked = new ArrayList<>();
        for (int index = 0; index < operands.size(); index++) {
            Expr operand = operands.get(index);
            String name = function.name().toLowerCase(Locale.ROOT);
            checked.add(kinds.charAt(index) == 'S' ? StringOperands.requireString(name, operand)
                    : StringOperands.requireInteger(name, operand));
        }
        boolean optionalOptions = function == Function.REGEXP_MATCHES || function == Function.REGEXP_REPLACE;
        if (checked.size() != kinds.length() && !(optionalOptions && checked.size() == kinds.length() - 1)) {
            throw QuiverException.internal(function + " takes " + kinds.length() + " operands", null);
        }
        ValueKind resultKind = ValueKind.of(field.getType());
        boolean resultOk = function.returnsBoolean() ? resultKind == ValueKind.BOOLEAN
                : function == Function.ASCII ? resultKind.isInteger() : resultKind == ValueKind.VARCHAR;
        if (!resultOk) {
            throw new QuiverException(ErrorCode.TYPE_MISMATCH, function + " cannot return " + Vectors.sqlName(field));
        }
        this.function = function;
        this.operands = List.copyOf(checked);
        this.field = field;
        this.constantPattern = optionalOptions ? constantPattern() : null;
    }

    private Pattern constantPattern() {
        String pattern = constantString(operands.get(1));
        int optionsIndex = function == Function.REGEXP_MATCHES ? 2 : 3;
        String options = operands.size() > optionsIndex ? constantString(operands.get(optionsIndex)) : "";
        return pattern == null || options == null ? null : compile(pattern, options);
    }

    private static String constantString(Expr operand) {
        return operand instanceof LiteralExpr literal && !literal.isNull() ? (String) literal.value() : null;
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
        return switch (function) {
            case LPAD, RPAD, CHR, REGEXP_MATCHES, REGEXP_REPLACE -> true;
            default -> false;
        };
    }

    @Override
    public String describe() {
        return function.name().toLowerCase(Locale.ROOT) + "(" + Exprs.describeAll(operands) + ")";
    }

    @Override
    public FieldVector evaluate(Batch input, ExecutionContext context) {
        int rowCount = input.rowCount();
        int count = operands.size();
        FieldVector[] vectors = new FieldVector[count];
        try {
            long[] valid = RowRouting.allRows(rowCount);
            String[][] strings = new String[count][];
            long[][] longs = new long[count][];
            for (int index = 0; index < count; index++) {
                FieldVector vector = operands.get(index).evaluate(input, context);
                vectors[index] = vector;
                if (ValueKind.of(vector.getField().getType()) == ValueKind.NULL) {
                    return Vectors.nulls(field, rowCount, context.allocator());
                }
                Bits bits = Bits.validity(vector, rowCount);
                for (int word = 0; word < valid.length; word++) {
                    valid[word] &= bits.word(word);
                }
            }
            for (int index = 0; index < count; index++) {
                if (function.operands.charAt(index) == 'S') {
                    strings[index] = decode(vectors[index], valid, rowCount);
                } else {
                    longs[index] = Numbers.readLongs(vectors[index], rowCount);
                }
            }
            return compute(strings, longs, valid, rowCount, context);
        } finally {
            for (FieldVector vector : vectors) {
                Vectors.closeQuietly(vector);
            }
        }
    }

    private static boolean isValid(long[] valid, int row) {
        return (valid[row >>> 6] & (1L << (row & 63))) != 0;
    }

    private static String[] decode(FieldVector vector, long[] valid, int rowCount) {
        String[] values = new String[rowCount];
        for (int row = 0; row < rowCount; row++) {
            if (isValid(valid, row)) {
                values[row] = Utf8.decode(vector.getDataBuffer(), StringOperands.start(vector, row),
                        StringOperands.length(vector, row));
            }
        }
        return values;
    }

    private FieldVector compute(String[][] s, long[][] n, long[] valid, int rowCount, ExecutionContext context) {
        if (function.returnsBoolean()) {
            BitVector result = Vectors.booleans(field, rowCount, context.allocator());
            try {
                for (int word = 0; word < Bits.wordCount(rowCount); word++) {
                    result.getValidityBuffer().setLong((long) word << 3, valid[word]);
                }
                Pattern pattern = constantPattern;
                for (int row = 0; row < rowCount; row++) {
                    if (!isValid(valid, row)) {
                        continue;
                    }
                    boolean value = switch (function) {
                        case STARTS_WITH -> s[0][row].startsWith(s[1][row]);
                        case ENDS_WITH -> s[0][row].endsWith(s[1][row]);
                        case CONTAINS -> s[0][row].contains(s[1][row]);
                        default -> (pattern != null ? pattern
                                : compile(s[1][row], s.length > 2 && s[2] != null ? s[2][row] : ""))
                                .matcher(s[0][row]).find();
                    };
                    if (value) {
                        Bits.set(result.getDataBuffer(), row);
                    }
                }
                return Vectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
        if (function == Function.ASCII) {
            FieldVector result = Vectors.allocateFixed(field, rowCount, context.allocator());
            try {
                long[] codes = new long[rowCount];
                for (int row = 0; row < rowCount; row++) {
                    if (isValid(valid, row)) {
                        result.getValidityBuffer().setByte(row >>> 3,
                                result.getValidityBuffer().getByte(row >>> 3) | (1 << (row & 7)));
                        codes[row] = s[0][row].isEmpty() ? 0 : s[0][row].codePointAt(0);
                    }
                }
                Numbers.writeLongs(codes, result, rowCount);
                return Vectors.finish(result, rowCount);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        }
        try (VarWidthBuilder builder = new VarWidthBuilder(field, rowCount, 16L * rowCount, context.allocator())) {
            for (int row = 0; row < rowCount; row++) {
                if (!isValid(valid, row)) {
                    builder.appendNull(row);
                    continue;
                }
                String value = switch (function) {
                    case REPLACE -> s[1][row].isEmpty() ? s[0][row] : s[0][row].replace(s[1][row], s[2][row]);
                    case LPAD -> pad(s[0][row], n[1][row], s[2][row], true);
                    case RPAD -> pad(s[0][row], n[1][row], s[2][row], false);
                    case LEFT -> left(s[0][row], n[1][row]);
                    case RIGHT -> right(s[0][row], n[1][row]);
                    case REVERSE -> new StringBuilder(s[0][row]).reverse().toString();
                    case REPEAT -> n[1][row] <= 0 ? "" : s[0][row].repeat(Math.toIntExact(n[1][row]));
                    case SPLIT_PART -> splitPart(s[0][row], s[1][row], n[2][row]);
                    case CHR -> chr(n[0][row]);
                    default -> replaceRegex(s, row);
                };
                builder.append(row, Utf8.encode(value));
            }
            return builder.finish(rowCount);
        }
    }

    // ------------------------------------------------------------------ the functions

    private static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The first {@code count} characters of {@code text} (all of them if it has fewer). */
    private static String prefix(String text, long count) {
        int length = codePoints(text);
        if (count >= length) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, (int) Math.max(count, 0)));
    }

    private static String suffix(String text, long count) {
        int length = codePoints(text);
        if (count >= length) {
            return text;
        }
        return text.substring(text.offsetByCodePoints(0, (int) (length - Math.max(count, 0))));
    }

    /** {@code left(s, n)}; a negative n drops that many characters from the end. */
    private static String left(String text, long count) {
        return count >= 0 ? prefix(text, count) : prefix(text, codePoints(text) + count);
    }

    /** {@code right(s, n)}; a negative n drops that many characters from the start. */
    private static String right(String text, long count) {
        return count >= 0 ? suffix(text, count) : suffix(text, codePoints(text) + count);
    }

    private String pad(String text, long width, String padding, boolean leftSide) {
        int length = codePoints(text);
        if (width <= length) {
            return prefix(text, width);
        }
        if (padding.isEmpty()) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Insufficient padding in "
                    + (leftSide ? "LPAD" : "RPAD") + ": the padding string is empty");
        }
        long missing = width - length;
        StringBuilder fill = new StringBuilder();
        int padLength = codePoints(padding);
        while (fill.codePointCount(0, fill.length()) + padLength <= missing) {
            fill.append(padding);
        }
        fill.append(prefix(padding, missing - fill.codePointCount(0, fill.length())));
        return leftSide ? fill + text : text + fill;
    }

    /** Part {@code index} (1-based; negative counts from the end) of {@code text} split at {@code delimiter}. */
    private static String splitPart(String text, String delimiter, long index) {
        List<String> parts = new ArrayList<>();
        if (delimiter.isEmpty()) {
            text.codePoints().forEach(codePoint -> parts.add(Character.toString(codePoint)));
        } else {
            int start = 0;
            for (int at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, start)) {
                parts.add(text.substring(start, at));
                start = at + delimiter.length();
            }
            parts.add(text.substring(start));
        }
        long position = index > 0 ? index - 1 : parts.size() + index;
        return index == 0 || position < 0 || position >= parts.size() ? "" : parts.get((int) position);
    }

    private static String chr(long codePoint) {
        if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT
                || codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "Invalid UTF8 Codepoint " + codePoint);
        }
        return Character.toString((int) codePoint);
    }

    private String replaceRegex(String[][] s, int row) {
        String options = s.length > 3 ? s[3][row] : "";
        Pattern pattern = constantPattern != null ? constantPattern : compile(s[1][row], options);
        Matcher matcher = pattern.matcher(s[0][row]);
        String replacement = javaReplacement(s[2][row]);
        return options.indexOf('g') >= 0 ? matcher.replaceAll(replacement) : matcher.replaceFirst(replacement);
    }

    /** RE2's replacement syntax ({@code \1}, {@code \\}) in Java's ({@code $1}, with {@code $} quoted). */
    private static String javaReplacement(String replacement) {
        StringBuilder java = new StringBuilder(replacement.length() + 8);
        for (int index = 0; index < replacement.length(); index++) {
            char c = replacement.charAt(index);
            if (c == '\\' && index + 1 < replacement.length()) {
                char next = replacement.charAt(++index);
                if (Character.isDigit(next)) {
                    java.append('$').append(next);
                } else {
                    java.append('\\').append(next);
                }
            } else if (c == '$') {
                java.append("\\$");
            } else {
                java.append(c);
            }
        }
        return java.toString();
    }

    private static Pattern compile(String pattern, String options) {
        int flags = 0;
        for (char option : options.toCharArray()) {
            switch (option) {
                case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'c', 'g' -> {
                }
                case 's' -> flags |= Pattern.DOTALL;
                case 'm', 'n', 'p' -> flags |= Pattern.MULTILINE;
                default -> throw new QuiverException(ErrorCode.INVALID_ARGUMENT,
                        "Unrecognized Regex option " + option);
            }
        }
        try {
            return Pattern.compile(pattern, flags);
        } catch (PatternSyntaxException e) {
            throw new QuiverException(ErrorCode.INVALID_ARGUMENT, "invalid regular expression '" + pattern + "': "
                    + e.getDescription());
        }
    }
}
