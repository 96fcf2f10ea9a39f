package dev.quiver.engine.exec.expr.support;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Numbers to and from text exactly as DuckDB writes and reads them.
 *
 * <p>Floating point prints in the shortest form that reads back to the same value, fixed notation
 * for decimal exponents -4 to 15 ({@code 1000000000000000.0}, {@code 0.0001}) and scientific
 * otherwise ({@code 1e+16}, {@code 1e-05}), {@code nan}, {@code inf}, {@code -inf} — Python's repr
 * rule, which DuckDB follows. Reading accepts surrounding spaces, a sign, underscores between
 * digits, a fraction and an exponent, and for integers {@code 0x}/{@code 0b} prefixes.
 */
public final class NumberText {
    private NumberText() {}

    /** DuckDB's text of a DOUBLE. */
    public static String formatDouble(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        double magnitude = Math.abs(value);
        String digits = Double.toString(magnitude);
        if (magnitude < Double.MIN_NORMAL && magnitude > 0) {
            digits = shortenSubnormal(digits, text -> Double.parseDouble(text) == magnitude);
        }
        return format(digits, value < 0 || (value == 0 && 1 / value < 0));
    }

    /** DuckDB's text of a REAL: the shortest digits that read back to the same float. */
    public static String formatReal(float value) {
        if (Float.isNaN(value)) {
            return "nan";
        }
        if (Float.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        float magnitude = Math.abs(value);
        String digits = Float.toString(magnitude);
        if (magnitude < Float.MIN_NORMAL && magnitude > 0) {
            digits = shortenSubnormal(digits, text -> Float.parseFloat(text) == magnitude);
        }
        return format(digits, value < 0 || (value == 0 && 1 / value < 0));
    }

    /**
     * Java prints at least two significant digits, so for subnormals it may choose {@code 4.9E-324}
     * where one digit ({@code 5e-324}) already reads back the same value; DuckDB prints the shorter.
     */
    private static String shortenSubnormal(String javaText, Predicate<String> readsBack) {
        BigDecimal exact = new BigDecimal(javaText);
        for (int digits = 1; digits < exact.precision(); digits++) {
            String candidate =
                    exact.round(new MathContext(digits, RoundingMode.HALF_EVEN)).toString();
            if (readsBack.test(candidate)) {
                return candidate;
            }
        }
        return javaText;
    }

    /** Reformats Java's shortest representation (e.g. {@code 1.2345E17}, {@code 0.001}) the Python way. */
    private static String format(String javaText, boolean negative) {
        // Java's toString already chose the shortest digits; only the layout differs
        BigDecimal exact = new BigDecimal(javaText);
        StringBuilder text = new StringBuilder(24);
        if (negative) {
            text.append('-');
        }
        if (exact.signum() == 0) {
            return text.append("0.0").toString();
        }
        exact = exact.stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        // value = 0.digits * 10^(exponent + 1), i.e. digits[0].digits[1..] * 10^exponent
        int exponent = digits.length() - 1 - exact.scale();
        if (exponent >= -4 && exponent < 16) {
            if (exponent < 0) {
                text.append("0.");
                text.repeat('0', -exponent - 1);
                text.append(digits);
            } else if (digits.length() <= exponent + 1) {
                text.append(digits);
                text.repeat('0', exponent + 1 - digits.length());
                text.append(".0");
            } else {
                text.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
            }
            return text.toString();
        }
        text.append(digits.charAt(0));
        if (digits.length() > 1) {
            text.append('.').append(digits, 1, digits.length());
        }
        text.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            text.append('0');
        }
        return text.append(magnitude).toString();
    }

    /**
     * The number a string spells, for casts to integer and DECIMAL types; null when it is not one.
     * Accepts {@code [spaces][sign]digits[.digits][e[sign]digits][spaces]} with single underscores
     * between digits; exponents beyond ±400 are rejected rather than expanded.
     */
    public static BigDecimal parseDecimal(CharSequence text) {
        int length = text.length();
        int position = skipSpaces(text, 0);
        int end = length;
        while (end > position && DateTimes.isSpace(text.charAt(end - 1))) {
            end--;
        }
        if (position >= end) {
            return null;
        }
        StringBuilder plain = new StringBuilder(end - position);
        char first = text.charAt(position);
        if (first == '+' || first == '-') {
            if (first == '-') {
                plain.append('-');
            }
            position++;
        }
        int integerDigits = 0;
        int fractionDigits = 0;
        position = copyDigits(text, position, end, plain);
        if (position < 0) {
            return null;
        }
        integerDigits = plain.length() - (plain.length() > 0 && plain.charAt(0) == '-' ? 1 : 0);
        if (position < end && text.charAt(position) == '.') {
            plain.append('.');
            int before = plain.length();
            position = copyDigits(text, position + 1, end, plain);
            if (position < 0) {
                return null;
            }
            fractionDigits = plain.length() - before;
        }
        if (integerDigits == 0 && fractionDigits == 0) {
            return null;
        }
        int exponent = 0;
        if (position < end && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
            position++;
            boolean negativeExponent = false;
            if (position < end && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                negativeExponent = text.charAt(position) == '-';
                position++;
            }
            int exponentStart = position;
            while (position < end && isDigit(text.charAt(position))) {
                if (exponent > 10_000) {
                    return null;
                }
                exponent = exponent * 10 + (text.charAt(position) - '0');
                position++;
            }
            if (position == exponentStart || exponent > 400) {
                return null;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (position != end) {
            return null;
        }
        if (plain.charAt(plain.length() - 1) == '.') {
            plain.setLength(plain.length() - 1);
        }
        if (plain.length() == 0 || plain.toString().equals("-") || plain.charAt(plain.length() - 1) == '-') {
            return null;
        }
        if (plain.charAt(0) == '.' || (plain.charAt(0) == '-' && plain.length() > 1 && plain.charAt(1) == '.')) {
            plain.insert(plain.charAt(0) == '-' ? 1 : 0, '0');
        }
        return new BigDecimal(plain.toString()).scaleByPowerOfTen(exponent);
    }

    /** Copies digits with single underscores between them; the position after them, or -1 on a misplaced underscore. */
    private static int copyDigits(CharSequence text, int start, int end, StringBuilder out) {
        int position = start;
        while (position < end) {
            char character = text.charAt(position);
            if (isDigit(character)) {
                out.append(character);
            } else if (character == '_') {
                if (position == start
                        || position + 1 >= end
                        || !isDigit(text.charAt(position - 1))
                        || !isDigit(text.charAt(position + 1))) {
                    return -1;
                }
            } else {
                break;
            }
            position++;
        }
        return position;
    }

    /**
     * An integer written in hex ({@code 0x1F}) or binary ({@code 0b101}), surrounded by optional
     * spaces; null when the text is not such a literal. DuckDB accepts no sign before these.
     */
    public static Long parseRadixInteger(CharSequence text) {
        int position = skipSpaces(text, 0);
        int end = text.length();
        while (end > position && DateTimes.isSpace(text.charAt(end - 1))) {
            end--;
        }
        if (end - position < 3 || text.charAt(position) != '0') {
            return null;
        }
        char marker = Character.toLowerCase(text.charAt(position + 1));
        int radix = marker == 'x' ? 16 : marker == 'b' ? 2 : 0;
        if (radix == 0) {
            return null;
        }
        try {
            long value = Long.parseUnsignedLong(text, position + 2, end, radix);
            return value >= 0 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A floating-point number: {@code [spaces][sign](digits[.digits]|.digits)[e[sign]digits][spaces]},
     * or {@code nan}, {@code inf}, {@code infinity} in any case; null when the text is none of these.
     */
    public static String normalizeFloating(CharSequence text) {
        int position = skipSpaces(text, 0);
        int end = text.length();
        while (end > position && DateTimes.isSpace(text.charAt(end - 1))) {
            end--;
        }
        if (position >= end) {
            return null;
        }
        String body = text.subSequence(position, end).toString();
        String unsigned = body.startsWith("-") || body.startsWith("+") ? body.substring(1) : body;
        String lower = unsigned.toLowerCase(Locale.ROOT);
        if (lower.equals("nan")) {
            return "NaN";
        }
        if (lower.equals("inf") || lower.equals("infinity")) {
            return body.startsWith("-") ? "-Infinity" : "Infinity";
        }
        BigDecimal checked = parseDecimalSyntaxOnly(body);
        return checked == null ? null : body.replace("_", "");
    }

    private static BigDecimal parseDecimalSyntaxOnly(String body) {
        // the decimal grammar is the floating one; exponents may be larger for doubles
        String withoutExponent = body;
        int exponentAt = Math.max(body.indexOf('e'), body.indexOf('E'));
        if (exponentAt >= 0) {
            String exponent = body.substring(exponentAt + 1);
            if (!exponent.matches("[+-]?[0-9]+")) {
                return null;
            }
            withoutExponent = body.substring(0, exponentAt);
        }
        return parseDecimal(withoutExponent);
    }

    private static int skipSpaces(CharSequence text, int start) {
        int position = start;
        while (position < text.length() && DateTimes.isSpace(text.charAt(position))) {
            position++;
        }
        return position;
    }

    private static boolean isDigit(char character) {
        return character >= '0' && character <= '9';
    }
}
