package dev.quiver.engine.exec.expr;

import dev.quiver.engine.exec.expr.support.Utf8;
import dev.quiver.engine.exec.expr.support.VarWidthBuilder;
import dev.quiver.engine.exec.vector.NestedFields;
import dev.quiver.engine.exec.vector.Vectors;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * CAST of a nested value (LIST, ARRAY, STRUCT, MAP) to VARCHAR, in DuckDB's text: {@code [1, 2, NULL]},
 * {@code {'a': 1, 'b': x}}, {@code {k=1}} — the one place that text is made; the CLI, JDBC and the
 * sqllogictest runner show nested values through it.
 *
 * <p>Elements are cast to VARCHAR as a whole child vector (so numbers, dates and timestamps read as
 * they do on their own), then quoted as DuckDB quotes them: a text element that is empty, reads
 * {@code NULL} in any case, starts or ends with white space, or holds one of {@code "'(),:=[\]{}}
 * is put in single quotes, with {@code '} and {@code \} escaped by a backslash. Nested elements are
 * never quoted. Struct member names are always quoted.
 */
public final class NestedText {
    private static final Field TEXT = new Field("text", FieldType.nullable(ArrowType.Utf8.INSTANCE), null);

    private NestedText() {}

    /** DuckDB's text of the nested value in row {@code row} of {@code values}, or null when it is NULL. */
    public static String text(FieldVector values, int row) {
        BufferAllocator allocator = values.getAllocator();
        try (FieldVector one = Vectors.slice(values, row, 1, allocator)) {
            return render(one, 1, allocator)[0];
        }
    }

    /** A VARCHAR vector of {@code target}'s field holding the text of each of the first {@code rowCount} values. */
    static FieldVector toVarchar(FieldVector values, Field target, int rowCount, BufferAllocator allocator) {
        String[] texts = render(values, rowCount, allocator);
        long bytes = 0;
        for (String text : texts) {
            bytes += text == null ? 0 : text.length();
        }
        try (VarWidthBuilder builder = new VarWidthBuilder(target, rowCount, bytes + 16, allocator)) {
            for (int row = 0; row < rowCount; row++) {
                if (texts[row] == null) {
                    builder.appendNull(row);
                } else {
                    builder.append(row, texts[row].getBytes(StandardCharsets.UTF_8));
                }
            }
            return builder.finish(rowCount);
        }
    }

    /** The text of each of the first {@code rowCount} values of a nested vector; null for a NULL value. */
    static String[] render(FieldVector values, int rowCount, BufferAllocator allocator) {
        String[] texts = new String[rowCount];
        switch (values) {
            case MapVector map -> {
                StructVector entries = (StructVector) map.getDataVector();
                int entryCount = rowCount == 0 ? 0 : map.getOffsetBuffer().getInt((long) rowCount << 2);
                String[] keys = elements(entries.getChildrenFromFields().get(0), entryCount, allocator);
                String[] items = elements(entries.getChildrenFromFields().get(1), entryCount, allocator);
                for (int row = 0; row < rowCount; row++) {
                    if (!map.isNull(row)) {
                        StringBuilder text = new StringBuilder("{");
                        for (int entry = map.getElementStartIndex(row); entry < map.getElementEndIndex(row); entry++) {
                            separate(text, "{").append(keys[entry]).append('=').append(items[entry]);
                        }
                        texts[row] = text.append('}').toString();
                    }
                }
            }
            case ListVector list -> {
                int elementCount = rowCount == 0 ? 0 : list.getOffsetBuffer().getInt((long) rowCount << 2);
                String[] elements = elements(list.getDataVector(), elementCount, allocator);
                for (int row = 0; row < rowCount; row++) {
                    if (!list.isNull(row)) {
                        texts[row] = list(elements, list.getElementStartIndex(row), list.getElementEndIndex(row));
                    }
                }
            }
            case FixedSizeListVector fixed -> {
                int size = fixed.getListSize();
                String[] elements = elements(fixed.getDataVector(), rowCount * size, allocator);
                for (int row = 0; row < rowCount; row++) {
                    if (!fixed.isNull(row)) {
                        texts[row] = list(elements, row * size, (row + 1) * size);
                    }
                }
            }
            case StructVector struct -> {
                int memberCount = struct.getChildrenFromFields().size();
                String[][] members = new String[memberCount][];
                for (int member = 0; member < memberCount; member++) {
                    members[member] = elements(struct.getChildrenFromFields().get(member), rowCount, allocator);
                }
                boolean unnamed = NestedFields.isUnnamed(struct.getField().getChildren());
                for (int row = 0; row < rowCount; row++) {
                    if (!struct.isNull(row)) {
                        StringBuilder text = new StringBuilder(unnamed ? "(" : "{");
                        for (int member = 0; member < memberCount; member++) {
                            if (unnamed) {
                                separate(text, "(").append(members[member][row]);
                                continue;
                            }
                            String name =
                                    struct.getChildrenFromFields().get(member).getName();
                            separate(text, "{")
                                    .append('\'')
                                    .append(escape(name))
                                    .append("': ");
                            text.append(members[member][row]);
                        }
                        if (unnamed && memberCount == 1) {
                            text.append(','); // DuckDB's (1,): a one-member tuple, not a parenthesized value
                        }
                        texts[row] = text.append(unnamed ? ')' : '}').toString();
                    }
                }
            }
            default -> throw new IllegalArgumentException("not a nested vector: " + values.getField());
        }
        return texts;
    }

    private static String list(String[] elements, int start, int end) {
        StringBuilder text = new StringBuilder("[");
        for (int index = start; index < end; index++) {
            separate(text, "[").append(elements[index]);
        }
        return text.append(']').toString();
    }

    private static StringBuilder separate(StringBuilder text, String opening) {
        return text.length() > opening.length() ? text.append(", ") : text;
    }

    /** The text of each of the first {@code count} values of a child vector as it appears inside a nested value. */
    private static String[] elements(FieldVector child, int count, BufferAllocator allocator) {
        String[] texts;
        boolean quote = !(child.getField().getType() instanceof ArrowType.Null);
        if (isNested(child)) {
            texts = render(child, count, allocator);
            quote = false;
        } else if (child.getField().getType() instanceof ArrowType.Null) {
            texts = new String[count];
        } else {
            FieldVector text = CastExpr.cast(child, TEXT, count, allocator);
            try {
                texts = strings((BaseVariableWidthVector) text, count);
            } finally {
                if (text != child) {
                    text.close();
                }
            }
        }
        for (int index = 0; index < count; index++) {
            texts[index] = texts[index] == null ? "NULL" : quote ? quoted(texts[index]) : texts[index];
        }
        return texts;
    }

    private static boolean isNested(FieldVector vector) {
        return vector instanceof ListVector || vector instanceof FixedSizeListVector || vector instanceof StructVector;
    }

    private static String[] strings(BaseVariableWidthVector text, int count) {
        String[] strings = new String[count];
        ArrowBuf offsets = text.getOffsetBuffer();
        ArrowBuf data = text.getDataBuffer();
        for (int index = 0; index < count; index++) {
            if (!text.isNull(index)) {
                int start = offsets.getInt((long) index << 2);
                strings[index] = Utf8.decode(data, start, offsets.getInt(((long) index + 1) << 2) - start);
            }
        }
        return strings;
    }

    /** An element's text, in single quotes when DuckDB quotes it (see the class comment). */
    static String quoted(String text) {
        return needsQuotes(text) ? "'" + escape(text) + "'" : text;
    }

    private static boolean needsQuotes(String text) {
        if (text.isEmpty()
                || text.equalsIgnoreCase("null")
                || isSpace(text.charAt(0))
                || isSpace(text.charAt(text.length() - 1))) {
            return true;
        }
        for (int index = 0; index < text.length(); index++) {
            if ("\"'(),:=[\\]{}".indexOf(text.charAt(index)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(char character) {
        return character == ' ' || (character >= '\t' && character <= '\r');
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("'", "\\'");
    }
}
