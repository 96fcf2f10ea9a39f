package dev.quiver.engine.exec.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Facts about nested Arrow fields (LIST, fixed-size ARRAY, STRUCT, MAP) shared by the runtime and
 * the type names: which types are nested and how DuckDB spells them ({@code INTEGER[]},
 * {@code INTEGER[3]}, {@code STRUCT(a INTEGER, "b c" VARCHAR)}, {@code MAP(VARCHAR, INTEGER)}).
 */
public final class NestedFields {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private NestedFields() {}

    /** Whether values of {@code type} hold other values: a list, fixed-size list, struct or map. */
    public static boolean isNested(ArrowType type) {
        return type instanceof ArrowType.List
                || type instanceof ArrowType.LargeList
                || type instanceof ArrowType.FixedSizeList
                || type instanceof ArrowType.Struct
                || type instanceof ArrowType.Map;
    }

    /** The field holding a list's elements (a map's is its {@code entries} struct). */
    public static Field element(Field list) {
        return list.getChildren().getFirst();
    }

    /**
     * {@code field} as Arrow accepts it for a new vector. A vector's own field can be refused: a
     * NullVector reports itself nullable whatever it was built from, and a map whose keys have the
     * NULL type ({@code map([], [])}) then has a nullable key, which Arrow's MapVector rejects.
     */
    public static Field buildable(Field field) {
        if (field.getChildren().isEmpty()) {
            return field;
        }
        List<Field> children = new ArrayList<>(field.getChildren().size());
        for (Field child : field.getChildren()) {
            children.add(buildable(child));
        }
        if (field.getType() instanceof ArrowType.Map) {
            Field entries = children.getFirst();
            Field key = entries.getChildren().getFirst();
            if (key.isNullable()) {
                key = new Field(key.getName(), new FieldType(false, key.getType(), null), key.getChildren());
                entries = new Field(
                        entries.getName(),
                        entries.getFieldType(),
                        List.of(key, entries.getChildren().get(1)));
                children.set(0, entries);
            }
        }
        return new Field(field.getName(), field.getFieldType(), children);
    }

    /** A map's key and value fields. */
    public static List<Field> entry(Field map) {
        return map.getChildren().getFirst().getChildren();
    }

    /**
     * DuckDB's SQL name of the field's type; {@code leafName} names the types that are not nested.
     * Struct member names that are not plain identifiers are double-quoted, as DuckDB prints them;
     * a struct without names of its own ({@link #isUnnamed}) is DuckDB's {@code TUPLE(INTEGER, VARCHAR)}.
     */
    public static String sqlName(Field field, Function<ArrowType, String> leafName) {
        return sqlName(field, leafName, true);
    }

    /**
     * As {@link #sqlName(Field, Function)}; without {@code tuples} an unnamed struct keeps the names
     * the planner made up, as a stored table's column type does (so it reads back the same).
     */
    public static String sqlName(Field field, Function<ArrowType, String> leafName, boolean tuples) {
        return switch (field.getType()) {
            case ArrowType.List list -> sqlName(element(field), leafName, tuples) + "[]";
            case ArrowType.LargeList list -> sqlName(element(field), leafName, tuples) + "[]";
            case ArrowType.FixedSizeList list ->
                sqlName(element(field), leafName, tuples) + "[" + list.getListSize() + "]";
            case ArrowType.Map map ->
                "MAP(" + sqlName(entry(field).get(0), leafName, tuples) + ", "
                        + sqlName(entry(field).get(1), leafName, tuples) + ")";
            case ArrowType.Struct struct -> {
                boolean tuple = tuples && isUnnamed(field.getChildren());
                StringBuilder name = new StringBuilder(tuple ? "TUPLE(" : "STRUCT(");
                boolean first = true;
                for (Field member : field.getChildren()) {
                    if (!first) {
                        name.append(", ");
                    }
                    first = false;
                    if (!tuple) {
                        name.append(memberName(member.getName())).append(' ');
                    }
                    name.append(sqlName(member, leafName, tuples));
                }
                yield name.append(')').toString();
            }
            default -> leafName.apply(field.getType());
        };
    }

    /**
     * Whether the two fields hold values of the same type at every level: a LIST of INTEGER and a
     * LIST of BIGINT have equal Arrow types at the top, but not the same values. Struct members
     * count by position and name; nullability does not count.
     */
    public static boolean sameTypes(Field left, Field right) {
        if (!left.getType().equals(right.getType())
                || left.getChildren().size() != right.getChildren().size()) {
            return false;
        }
        boolean struct = left.getType() instanceof ArrowType.Struct;
        for (int child = 0; child < left.getChildren().size(); child++) {
            Field leftChild = left.getChildren().get(child);
            Field rightChild = right.getChildren().get(child);
            if ((struct && !leftChild.getName().equals(rightChild.getName())) || !sameTypes(leftChild, rightChild)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether struct members have no names of their own: those of {@code row(1, 'a')} or {@code (1,
     * 'a')}, which the planner calls EXPR$0, EXPR$1, … — DuckDB's unnamed struct, a TUPLE.
     */
    public static boolean isUnnamed(List<Field> members) {
        for (int member = 0; member < members.size(); member++) {
            if (!members.get(member).getName().equals("EXPR$" + member)) {
                return false;
            }
        }
        return !members.isEmpty();
    }

    /** A struct member's name as DuckDB writes it in a type: plain, or double-quoted with quotes doubled. */
    public static String memberName(String name) {
        return PLAIN_NAME.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"';
    }
}
