package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * DuckDB's {@code printf} (C-style {@code %5.2f}) and {@code format} (fmt-style {@code {:>5.2f}})
 * over one row's arguments, each a {@link Long}, {@link BigInteger} (a HUGEINT), {@link Double},
 * {@link Boolean} or {@link String}. DuckDB's thousands separators are read too: {@code %,d},
 * {@code %'d}, {@code %_d}, {@code %.d} and {@code {:,}}, <code>{:_}</code>, <code>{:'}</code>,
 * <code>{:tX}</code> (any character X).
 *
 * <p>Floating-point digits come from the double's exact binary value rounded half to even, as C's
 * printf does, so {@code printf('%.0f', 2.5)} is {@code 2} (Java's Formatter would say 3).
 */
public final class TextFormat {
    private TextFormat() {}

    /** One parsed conversion: fill and alignment, sign, flags, width, precision and type letter. */
    private static final class Spec {
        char fill = ' ';
        char align; // '<', '>', '^' or 0 for the argument's default
        char sign = '-';
        boolean alternate;
        boolean zero;
        char separator; // the thousands separator, 0 for none
        int width;
        int precision = -1;
        char type; // 0 when none was given
        boolean printf;
    }

    /** {@code printf(format, args...)}. */
    public static String printf(String format, Object[] args) {
        StringBuilder out = new StringBuilder(format.length() + 16);
        int next = 0;
        int index = 0;
        while (index < format.length()) {
            char c = format.charAt(index++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (index < format.length() && format.charAt(index) == '%') {
                out.append('%');
                index++;
                continue;
            }
            Spec spec = new Spec();
            spec.printf = true;
            flags:
            while (index < format.length()) {
                switch (format.charAt(index)) {
                    case '-' -> spec.align = '<';
                    case '+' -> spec.sign = '+';
                    case ' ' -> spec.sign = spec.sign == '+' ? '+' : ' ';
                    case '#' -> spec.alternate = true;
                    case '0' -> spec.zero = true;
                    // DuckDB's extensions: %,d %'d %_d group thousands with that character
                    case ',', '\'', '_' -> spec.separator = format.charAt(index);
                    default -> {
                        break flags;
                    }
                }
                index++;
            }
            if (index < format.length() && format.charAt(index) == '*') {
                index++;
                spec.width = dynamicWidth(args, next++);
            } else {
                int start = index;
                index = digits(format, index);
                spec.width = number(format, start, index);
            }
            if (index < format.length() && format.charAt(index) == '.') {
                index++;
                if (index < format.length() && format.charAt(index) == '*') {
                    index++;
                    spec.precision = dynamicWidth(args, next++);
                } else {
                    int start = index;
                    index = digits(format, index);
                    if (index == start && index < format.length() && "diu".indexOf(format.charAt(index)) >= 0) {
                        spec.separator = '.'; // DuckDB's %.d: '.' between the thousands
                    } else {
                        spec.precision = Math.max(0, number(format, start, index));
                    }
                }
            }
            while (index < format.length() && "hlLqjzt".indexOf(format.charAt(index)) >= 0) {
                index++;
            }
            if (index >= format.length()) {
                throw invalid("incomplete conversion at the end of format string '" + format + "'");
            }
            spec.type = format.charAt(index++);
            if (spec.align == '<') {
                spec.zero = false;
            }
            out.append(render(argument(args, next++), spec));
        }
        return out.toString();
    }

    /** {@code format(format, args...)}. */
    public static String format(String format, Object[] args) {
        StringBuilder out = new StringBuilder(format.length() + 16);
        int[] next = {0};
        boolean[] manual = {false, false}; // [used automatic, used manual]
        int index = 0;
        while (index < format.length()) {
            char c = format.charAt(index++);
            if (c == '}') {
                if (index < format.length() && format.charAt(index) == '}') {
                    index++;
                    out.append('}');
                    continue;
                }
                throw invalid("unmatched '}' in format string '" + format + "'");
            }
            if (c != '{') {
                out.append(c);
                continue;
            }
            if (index < format.length() && format.charAt(index) == '{') {
                index++;
                out.append('{');
                continue;
            }
            int start = index;
            index = digits(format, index);
            Object value = argument(args, argumentIndex(format, start, index, next, manual));
            Spec spec = new Spec();
            if (index < format.length() && format.charAt(index) == ':') {
                index = parseSpec(format, index + 1, spec, args, next, manual);
            }
            if (index >= format.length() || format.charAt(index) != '}') {
                throw invalid("invalid format string '" + format + "': expected '}'");
            }
            index++;
            out.append(render(value, spec));
        }
        return out.toString();
    }

    /** fmt's {@code [[fill]align][sign][#][0][width][,][.precision][type]}; returns the index of the closing brace. */
    private static int parseSpec(String format, int index, Spec spec, Object[] args, int[] next, boolean[] manual) {
        int length = format.length();
        if (index + 1 < length && "<>^".indexOf(format.charAt(index + 1)) >= 0 && format.charAt(index) != '}') {
            spec.fill = format.charAt(index);
            spec.align = format.charAt(index + 1);
            index += 2;
        } else if (index < length && "<>^".indexOf(format.charAt(index)) >= 0) {
            spec.align = format.charAt(index++);
        }
        if (index < length && "+- ".indexOf(format.charAt(index)) >= 0) {
            spec.sign = format.charAt(index++);
        }
        if (index < length && format.charAt(index) == '#') {
            spec.alternate = true;
            index++;
        }
        if (index < length && format.charAt(index) == '0') {
            spec.zero = true; // fmt pads numbers with zeros even when an alignment is given
            index++;
        }
        if (index < length && format.charAt(index) == '{') {
            int end = digits(format, index + 1);
            spec.width = dynamicWidth(args, argumentIndex(format, index + 1, end, next, manual));
            index = closeNested(format, end);
        } else {
            int start = index;
            index = digits(format, index);
            spec.width = number(format, start, index);
        }
        if (index < length && ",_'".indexOf(format.charAt(index)) >= 0) {
            spec.separator = format.charAt(index); // {:,} and DuckDB's {:_} and {:'}
            index++;
        } else if (index + 1 < length && format.charAt(index) == 't' && format.charAt(index + 1) != '}') {
            spec.separator = format.charAt(index + 1); // DuckDB's {:tX}: X between the thousands
            index += 2;
        }
        if (index < length && format.charAt(index) == '.') {
            index++;
            if (index < length && format.charAt(index) == '{') {
                int end = digits(format, index + 1);
                spec.precision = dynamicWidth(args, argumentIndex(format, index + 1, end, next, manual));
                index = closeNested(format, end);
            } else {
                int start = index;
                index = digits(format, index);
                if (start == index) {
                    throw invalid("missing precision in format string '" + format + "'");
                }
                spec.precision = number(format, start, index);
            }
        }
        if (index < length && format.charAt(index) == 'L') {
            index++;
        }
        if (index < length && format.charAt(index) != '}') {
            spec.type = format.charAt(index++);
        }
        return index;
    }

    private static int closeNested(String format, int index) {
        if (index >= format.length() || format.charAt(index) != '}') {
            throw invalid("invalid format string '" + format + "': expected '}'");
        }
        return index + 1;
    }

    /** The argument a replacement field names ({0}) or the next one ({}); fmt forbids mixing the two. */
    private static int argumentIndex(String format, int start, int end, int[] next, boolean[] used) {
        if (start == end) {
            if (used[1]) {
                throw invalid("cannot switch from manual to automatic argument indexing");
            }
            used[0] = true;
            return next[0]++;
        }
        if (used[0]) {
            throw invalid("cannot switch from automatic to manual argument indexing");
        }
        used[1] = true;
        return number(format, start, end);
    }

    private static int digits(String format, int index) {
        while (index < format.length() && Character.isDigit(format.charAt(index))) {
            index++;
        }
        return index;
    }

    private static int number(String format, int start, int end) {
        if (start == end) {
            return 0;
        }
        if (end - start > 6) {
            throw invalid("number too big in format string '" + format + "'");
        }
        return Integer.parseInt(format, start, end, 10);
    }

    private static Object argument(Object[] args, int index) {
        if (index >= args.length) {
            throw invalid("Argument index \"" + index + "\" out of range");
        }
        return args[index];
    }

    private static int dynamicWidth(Object[] args, int index) {
        if (!(argument(args, index) instanceof Long width) || width < 0 || width > 1_000_000) {
            throw invalid("width or precision argument " + index + " must be an integer from 0 to 1000000");
        }
        return width.intValue();
    }

    private static String render(Object value, Spec spec) {
        if (value instanceof Boolean bool) {
            if (spec.type == 0 || (spec.printf && spec.type == 's')) {
                return pad(bool.toString(), "", spec, textAlign(spec));
            }
            value = bool ? 1L : 0L;
        }
        return switch (value) {
            case String text -> text(text, spec);
            case Long integer -> integer(integer, spec);
            case BigInteger wide -> wideInteger(wide, spec);
            case Double real -> real(real, spec);
            default -> throw QuiverException.internal("format was given a " + value.getClass(), null);
        };
    }

    private static String text(String text, Spec spec) {
        if (spec.type != 0 && spec.type != 's') {
            throw badType(spec.type, "string");
        }
        if (spec.zero && !spec.printf) {
            throw invalid("format specifier requires numeric argument");
        }
        if (spec.precision >= 0 && spec.precision < text.codePointCount(0, text.length())) {
            text = text.substring(0, text.offsetByCodePoints(0, spec.precision));
        }
        spec.zero = false;
        return pad(text, "", spec, textAlign(spec));
    }

    /** C right-aligns text in its width, fmt left-aligns it. */
    private static char textAlign(Spec spec) {
        return spec.printf ? '>' : '<';
    }

    private static String integer(long value, Spec spec) {
        if (spec.precision >= 0 && !spec.printf) {
            throw invalid("precision not allowed for this argument type");
        }
        boolean negative = value < 0;
        String digits;
        String prefix = "";
        switch (spec.type) {
            case 0, 'd', 'i', 'u' -> digits = group(magnitude(value), spec.separator);
            case 'x', 'X' -> {
                digits = spec.printf ? Long.toHexString(value) : magnitudeIn(value, 16);
                prefix = spec.alternate && value != 0 ? "0x" : "";
                if (spec.type == 'X') {
                    digits = digits.toUpperCase(java.util.Locale.ROOT);
                    prefix = prefix.toUpperCase(java.util.Locale.ROOT);
                }
            }
            case 'o' -> {
                digits = spec.printf ? Long.toOctalString(value) : magnitudeIn(value, 8);
                prefix = spec.alternate && value != 0 ? "0" : "";
            }
            case 'b', 'B' -> {
                digits = spec.printf ? Long.toBinaryString(value) : magnitudeIn(value, 2);
                prefix = spec.alternate ? (spec.type == 'b' ? "0b" : "0B") : "";
            }
            case 'c' -> {
                if (!spec.printf || value < 0 || value > Character.MAX_CODE_POINT) {
                    throw badType('c', "int");
                }
                spec.zero = false;
                return pad(Character.toString((int) value), "", spec, '<');
            }
            default -> throw badType(spec.type, "int");
        }
        if (spec.printf && "xXob".indexOf(spec.type) >= 0) {
            negative = false; // C prints the two's complement bits of a negative value
        }
        return pad(digits, signOf(negative, spec) + prefix, spec, '>');
    }

    /** An integer beyond BIGINT (a HUGEINT): decimal digits only. */
    private static String wideInteger(BigInteger value, Spec spec) {
        if (spec.precision >= 0 && !spec.printf) {
            throw invalid("precision not allowed for this argument type");
        }
        if (spec.type != 0 && "diu".indexOf(spec.type) < 0) {
            throw badType(spec.type, "int128");
        }
        return pad(group(value.abs().toString(), spec.separator), signOf(value.signum() < 0, spec), spec, '>');
    }

    private static String magnitude(long value) {
        return value == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(value));
    }

    private static String magnitudeIn(long value, int radix) {
        return value == Long.MIN_VALUE ? Long.toUnsignedString(value, radix) : Long.toString(Math.abs(value), radix);
    }

    private static String real(double value, Spec spec) {
        boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        char type = spec.type;
        boolean upper = Character.isUpperCase(type);
        String body;
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            if (type != 0 && "fFeEgG".indexOf(type) < 0) {
                throw badType(type, "float");
            }
            body = Double.isNaN(value) ? "nan" : "inf";
            spec.zero = false;
            return pad(upper ? body.toUpperCase(java.util.Locale.ROOT) : body, signOf(negative, spec), spec, '>');
        }
        BigDecimal magnitude = new BigDecimal(Math.abs(value));
        body = switch (type) {
            case 0 -> spec.precision < 0 ? shortest(Math.abs(value)) : general(magnitude, spec.precision, true, false);
            case 'f', 'F' -> fixed(magnitude, spec.precision < 0 ? 6 : spec.precision, spec.alternate);
            case 'e', 'E' -> exponent(magnitude, spec.precision < 0 ? 6 : spec.precision, spec.alternate, upper);
            case 'g', 'G' -> general(magnitude, spec.precision < 0 ? 6 : spec.precision, spec.alternate, upper);
            default -> throw badType(type, "float");
        };
        if (spec.separator != 0) {
            int point = body.indexOf('.');
            int end = point < 0 ? body.length() : point;
            if (body.chars().limit(end).allMatch(Character::isDigit)) {
                body = group(body.substring(0, end), spec.separator) + body.substring(end);
            }
        }
        return pad(body, signOf(negative, spec), spec, '>');
    }

    /** fmt's default: the shortest digits that read back, exponent form below 1e-4 and from 1e16. */
    private static String shortest(double magnitude) {
        BigDecimal decimal = new BigDecimal(Double.toString(magnitude)).stripTrailingZeros();
        if (magnitude == 0) {
            return "0.0";
        }
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
        String digits = decimal.unscaledValue().toString();
        String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return mantissa + exponentSuffix(exponent, false);
    }

    private static String fixed(BigDecimal magnitude, int precision, boolean alternate) {
        String text = magnitude.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return alternate && precision == 0 ? text + "." : text;
    }

    private static String exponent(BigDecimal magnitude, int precision, boolean alternate, boolean upper) {
        String digits;
        int exponent;
        if (magnitude.signum() == 0) {
            digits = "0".repeat(precision + 1);
            exponent = 0;
        } else {
            BigDecimal rounded = magnitude.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            digits = rounded.unscaledValue().toString();
            exponent = digits.length() - 1 - rounded.scale();
            digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
        }
        String mantissa = digits.charAt(0) + (precision > 0 || alternate ? "." + digits.substring(1) : "");
        return mantissa + exponentSuffix(exponent, upper);
    }

    /** C's %g: fixed or exponent form by the exponent, trailing zeros dropped unless alternate. */
    private static String general(BigDecimal magnitude, int precision, boolean alternate, boolean upper) {
        int significant = Math.max(precision, 1);
        int exponent = 0;
        if (magnitude.signum() != 0) {
            BigDecimal rounded = magnitude.round(new MathContext(significant, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - rounded.scale() - 1;
        }
        String text = exponent >= -4 && exponent < significant
                ? fixed(magnitude, significant - 1 - exponent, false)
                : exponent(magnitude, significant - 1, false, upper);
        if (alternate) {
            return text;
        }
        int mark = Math.max(text.indexOf('e'), text.indexOf('E'));
        String mantissa = mark < 0 ? text : text.substring(0, mark);
        String suffix = mark < 0 ? "" : text.substring(mark);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + suffix;
    }

    private static String exponentSuffix(int exponent, boolean upper) {
        String digits = Integer.toString(Math.abs(exponent));
        return (upper ? "E" : "e") + (exponent < 0 ? "-" : "+") + (digits.length() < 2 ? "0" + digits : digits);
    }

    /** {@code digits} with {@code separator} between each three from the right; as they are for 0. */
    private static String group(String digits, char separator) {
        if (separator == 0 || digits.length() <= 3) {
            return digits;
        }
        StringBuilder grouped = new StringBuilder(digits.length() + digits.length() / 3);
        int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
        grouped.append(digits, 0, first);
        for (int index = first; index < digits.length(); index += 3) {
            grouped.append(separator).append(digits, index, index + 3);
        }
        return grouped.toString();
    }

    private static String signOf(boolean negative, Spec spec) {
        if (negative) {
            return "-";
        }
        return spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    }

    /** The body with its sign/prefix, padded to the width: zeros after the sign, else fill by alignment. */
    private static String pad(String body, String prefix, Spec spec, char defaultAlign) {
        int length = prefix.length() + body.codePointCount(0, body.length());
        int missing = spec.width - length;
        if (missing <= 0) {
            return prefix + body;
        }
        if (spec.zero) {
            return prefix + "0".repeat(missing) + body;
        }
        String fill = String.valueOf(spec.fill);
        return switch (spec.align == 0 ? defaultAlign : spec.align) {
            case '<' -> prefix + body + fill.repeat(missing);
            case '^' -> fill.repeat(missing / 2) + prefix + body + fill.repeat(missing - missing / 2);
            default -> fill.repeat(missing) + prefix + body;
        };
    }

    private static QuiverException badType(char type, String valueType) {
        return invalid("Invalid type specifier \"" + type + "\" for formatting a value of type " + valueType);
    }

    private static QuiverException invalid(String message) {
        return new QuiverException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
