package dev.quiver.engine.type;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * DuckDB's common type of values of several types where it differs from Calcite's least restrictive
 * type: structs with different member names combine by name (Calcite pairs them by position).
 */
public final class CommonValueTypes {
    private CommonValueTypes() {}

    /**
     * The common type of values (list elements, the columns of a set operation's inputs, CASE
     * branches) as DuckDB has it: {@link RelDataTypeFactory#leastRestrictive}, except that named structs whose member
     * names differ, at any depth of lists, make a struct of all their members ({@link
     * #structOfAllMembers}). Not for the row types of whole queries, whose columns pair by position.
     */
    public static RelDataType commonValueType(RelDataTypeFactory factory, List<RelDataType> types) {
        if (differentlyNamedStructs(types)) {
            return structOfAllMembers(factory, types);
        }
        List<RelDataType> lists = types.stream()
                .filter(type -> type.getSqlTypeName() != SqlTypeName.NULL)
                .toList();
        if (!lists.isEmpty()
                && lists.stream()
                        .allMatch(type -> type.getSqlTypeName() == SqlTypeName.ARRAY
                                && type.getComponentType() != null
                                && !(type instanceof FixedArraySqlType))) {
            List<RelDataType> elements =
                    lists.stream().map(RelDataType::getComponentType).toList();
            RelDataType element = commonValueType(factory, elements);
            if (element != null && mixesMemberNames(elements)) {
                return factory.createTypeWithNullability(
                        factory.createArrayType(element, -1), types.stream().anyMatch(RelDataType::isNullable));
            }
        }
        return factory.leastRestrictive(types);
    }

    private static boolean mixesMemberNames(List<RelDataType> types) {
        if (differentlyNamedStructs(types)) {
            return true;
        }
        List<RelDataType> elements = types.stream()
                .filter(type -> type.getSqlTypeName() == SqlTypeName.ARRAY && type.getComponentType() != null)
                .map(RelDataType::getComponentType)
                .toList();
        return !elements.isEmpty() && mixesMemberNames(elements);
    }

    /**
     * Whether {@code types} are named structs (and NULLs) whose member names differ, ignoring case,
     * or come in another order: DuckDB's common type of those is a struct of every member, which
     * Calcite's (by position, under the first's names) would mislabel.
     */
    private static boolean differentlyNamedStructs(List<RelDataType> types) {
        List<String> first = null;
        boolean differ = false;
        for (RelDataType type : types) {
            if (type.getSqlTypeName() == SqlTypeName.NULL) {
                continue;
            }
            if (!type.isStruct() || UnnamedStructs.isUnnamed(type)) {
                return false;
            }
            List<String> names = type.getFieldNames().stream()
                    .map(name -> name.toLowerCase(Locale.ROOT))
                    .toList();
            if (first == null) {
                first = names;
            } else {
                differ |= !first.equals(names);
            }
        }
        return differ;
    }

    /**
     * The struct of every member of {@code types} (named structs and NULLs), in order of first
     * appearance, each of its types' common type — nullable, since a struct without it gives NULL
     * ({@code [{'a': 1}, {'b': 2}]} is a list of STRUCT(a INTEGER, b INTEGER)); null when some
     * member's types have no common type.
     */
    private static RelDataType structOfAllMembers(RelDataTypeFactory factory, List<RelDataType> types) {
        Map<String, String> spelling = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, List<RelDataType>> memberTypes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<String> names = new ArrayList<>();
        boolean nullable = false;
        for (RelDataType type : types) {
            nullable |= type.isNullable();
            if (!type.isStruct()) {
                continue;
            }
            for (RelDataTypeField member : type.getFieldList()) {
                if (spelling.putIfAbsent(member.getName(), member.getName()) == null) {
                    names.add(member.getName());
                }
                memberTypes
                        .computeIfAbsent(member.getName(), name -> new ArrayList<>())
                        .add(member.getType());
            }
        }
        List<RelDataType> members = new ArrayList<>();
        for (String name : names) {
            RelDataType member = commonValueType(factory, memberTypes.get(name));
            if (member == null) {
                return null;
            }
            members.add(factory.createTypeWithNullability(member, true));
        }
        return factory.createTypeWithNullability(factory.createStructType(members, names), nullable);
    }
}
