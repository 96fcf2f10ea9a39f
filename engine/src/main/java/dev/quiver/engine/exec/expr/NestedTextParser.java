package dev.quiver.engine.exec.expr;

import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.exec.expr.support.KernelVectors;
import dev.quiver.engine.exec.vector.NestedFields;
import dev.quiver.engine.exec.vector.VectorWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Reads DuckDB's text of a nested value — {@code [1, NULL]}, {@code {a: 1, 'b c': [x]}}, {@code
 * (1, 2)}, {@code {k=1}} — for a CAST from VARCHAR, as a tree of Java values whose leaves are still
 * text: a List for a LIST or ARRAY, a List in member order for a STRUCT, a Map for a MAP, a String or
 * null for a leaf. The leaves are then cast from VARCHAR as every other VARCHAR is.
 *
 * <p>As DuckDB reads it: spaces around values are dropped; single or double quotes keep what they
 * enclose (and a backslash the next character); an unquoted {@code NULL} is NULL, a quoted one the
 * text NULL; struct members go by name (as written), in any order, a missing one NULL, an
 * unknown one an error. Text that does not have the shape is an error naming it.
 */
final class NestedTextParser {
    private final String text;
    private final Field target;
    private int position;

    private NestedTextParser(String text, Field target) {
        this.text = text;
        this.target = target;
    }

    /** The value of {@code text} as {@code target}'s type, leaves as text. */
    static Object parse(String text, Field target) {
        NestedTextParser parser = new NestedTextParser(text, target);
        Object value = parser.nested(target);
        parser.skipSpaces();
        if (parser.position != text.length()) {
            throw parser.malformed();
        }
        return value;
    }

    /**
     * Each text of {@code values} read as {@code target}'s type into a new vector of its {@link
     * #textShape}; text that does not read is an error, or with {@code nullOnError} a NULL row.
     */
    static FieldVector readAll(
            VarCharVector values, Field target, int rowCount, boolean nullOnError, BufferAllocator allocator) {
        FieldVector texts = textShape(target).createVector(allocator);
        try {
            texts.allocateNew();
            for (int row = 0; row < rowCount; row++) {
                Object value = null;
                if (!values.isNull(row)) {
                    try {
                        value = parse(new String(values.get(row), StandardCharsets.UTF_8), target);
                    } catch (QuiverException e) {
                        if (!nullOnError) {
                            throw e;
                        }
                    }
                }
                VectorWriter.set(texts, row, value);
            }
            texts.setValueCount(rowCount);
            return texts;
        } catch (RuntimeException e) {
            texts.close();
            throw e;
        }
    }

    /** {@code field} with every fixed-size ARRAY a LIST: text of any length reads into it. */
    static Field withoutLengths(Field field) {
        ArrowType type = field.getType() instanceof ArrowType.FixedSizeList ? ArrowType.List.INSTANCE : field.getType();
        return new Field(
                field.getName(),
                new FieldType(field.isNullable(), type, null),
                field.getChildren().stream()
                        .map(NestedTextParser::withoutLengths)
                        .toList());
    }

    /** {@code field} with every leaf type VARCHAR: the shape the parsed text is written into. */
    static Field textShape(Field field) {
        if (!NestedFields.isNested(field.getType())) {
            return new Field(field.getName(), new FieldType(field.isNullable(), ArrowType.Utf8.INSTANCE, null), null);
        }
        return new Field(
                field.getName(),
                new FieldType(field.isNullable(), field.getType(), null),
                field.getChildren().stream().map(NestedTextParser::textShape).toList());
    }

    private QuiverException malformed() {
        return new QuiverException(
                ErrorCode.INVALID_CAST,
                "Type VARCHAR with value '" + text + "' can't be cast to the destination type "
                        + KernelVectors.sqlName(target));
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private char peek() {
        if (position >= text.length()) {
            throw malformed();
        }
        return text.charAt(position);
    }

    private void expect(char expected) {
        skipSpaces();
        if (peek() != expected) {
            throw malformed();
        }
        position++;
    }

    /** A value of {@code field}, nested or not, ending before one of {@code terminators}. */
    private Object value(Field field, String terminators) {
        if (!NestedFields.isNested(field.getType())) {
            return scalar(terminators);
        }
        skipSpaces();
        if (text.regionMatches(true, position, "NULL", 0, 4)) {
            int after = position + 4;
            while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                after++;
            }
            if (after < text.length() && terminators.indexOf(text.charAt(after)) >= 0) {
                position = after;
                return null;
            }
        }
        return nested(field);
    }

    private Object nested(Field field) {
        skipSpaces();
        return switch (field.getType()) {
            case ArrowType.Map map -> map(field.getChildren().getFirst().getChildren());
            case ArrowType.Struct struct -> struct(field);
            default -> list(field);
        };
    }

    private List<Object> list(Field field) {
        expect('[');
        List<Object> elements = new ArrayList<>();
        skipSpaces();
        if (peek() == ']') {
            position++;
        } else {
            do {
                elements.add(value(field.getChildren().getFirst(), ",]"));
            } while (separator(']'));
        }
        if (field.getType() instanceof ArrowType.FixedSizeList fixed && elements.size() != fixed.getListSize()) {
            throw new QuiverException(
                    ErrorCode.INVALID_CAST,
                    "Cannot cast list with length " + elements.size() + " to array with length " + fixed.getListSize()
                            + " (in '" + text + "')");
        }
        return elements;
    }

    /** After a value: true after a comma, false after {@code close}; anything else is malformed. */
    private boolean separator(char close) {
        skipSpaces();
        char next = peek();
        position++;
        if (next == ',') {
            return true;
        }
        if (next == close) {
            return false;
        }
        throw malformed();
    }

    private List<Object> struct(Field field) {
        List<Field> members = field.getChildren();
        Object[] values = new Object[members.size()];
        skipSpaces();
        if (peek() == '(') { // DuckDB's row form: members by position
            position++;
            for (int member = 0; member < members.size(); member++) {
                values[member] = value(members.get(member), ",)");
                if (separator(')') != (member + 1 < members.size())) {
                    throw malformed();
                }
            }
            return Arrays.asList(values);
        }
        expect('{');
        skipSpaces();
        if (peek() == '}') {
            position++;
            return Arrays.asList(values);
        }
        do {
            Object name = scalar(":");
            expect(':');
            int member = memberIndex(members, name);
            values[member] = value(members.get(member), ",}");
        } while (separator('}'));
        return Arrays.asList(values);
    }

    private int memberIndex(List<Field> members, Object name) {
        for (int member = 0; member < members.size(); member++) {
            if (members.get(member).getName().equals(name)) {
                return member;
            }
        }
        throw malformed();
    }

    private Map<Object, Object> map(List<Field> entry) {
        expect('{');
        Map<Object, Object> entries = new LinkedHashMap<>();
        skipSpaces();
        if (peek() == '}') {
            position++;
            return entries;
        }
        do {
            Object key = value(entry.get(0), "=");
            expect('=');
            if (key == null) {
                throw new QuiverException(ErrorCode.INVALID_CAST, "Map keys can not be NULL (in '" + text + "')");
            }
            entries.put(key, value(entry.get(1), ",}"));
        } while (separator('}'));
        return entries;
    }

    /**
     * A leaf's text up to the first of {@code terminators} outside quotes and brackets: quotes and
     * backslashes removed, surrounding spaces dropped; null for an unquoted NULL.
     */
    private Object scalar(String terminators) {
        skipSpaces();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        int keptLength = 0; // the length without trailing unquoted spaces
        while (position < text.length()) {
            char next = text.charAt(position);
            if (depth == 0 && terminators.indexOf(next) >= 0) {
                break;
            }
            position++;
            if (next == '\'' || next == '"') {
                quoted = true;
                while (peek() != next) {
                    char inner = text.charAt(position++);
                    if (inner == '\\') {
                        inner = peek();
                        position++;
                    }
                    value.append(inner);
                }
                position++;
                keptLength = value.length();
                continue;
            }
            if (next == '\\') {
                next = peek();
                position++;
            } else if (next == '[' || next == '{' || next == '(') {
                depth++;
            } else if (next == ']' || next == '}' || next == ')') {
                if (--depth < 0) {
                    throw malformed();
                }
            }
            value.append(next);
            if (!Character.isWhitespace(next)) {
                keptLength = value.length();
            }
        }
        value.setLength(keptLength);
        return !quoted && value.toString().equalsIgnoreCase("NULL") ? null : value.toString();
    }
}
