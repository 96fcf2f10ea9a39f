package dev.quiver.engine.function;

import com.google.common.collect.ImmutableSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.type.SqlTypeCoercionRule;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Which explicit CASTs the validator accepts: Calcite's rules plus DuckDB's casts between BOOLEAN
 * and the numeric types ({@code CAST(true AS INTEGER) = 1}, {@code CAST(2 AS BOOLEAN) = true}),
 * which standard SQL (and so Calcite) refuses. The runtime kernel already converts both ways.
 */
public final class CastRules {
    private static final Set<SqlTypeName> NUMERIC = Set.of(
            SqlTypeName.TINYINT,
            SqlTypeName.SMALLINT,
            SqlTypeName.INTEGER,
            SqlTypeName.BIGINT,
            SqlTypeName.DECIMAL,
            SqlTypeName.REAL,
            SqlTypeName.FLOAT,
            SqlTypeName.DOUBLE);

    /** The rules to give the validator ({@code SqlValidator.Config#withTypeCoercionRules}). */
    public static final SqlTypeCoercionRule RULES = build();

    private CastRules() {}

    private static SqlTypeCoercionRule build() {
        Map<SqlTypeName, ImmutableSet<SqlTypeName>> mapping =
                new HashMap<>(SqlTypeCoercionRule.instance().getTypeMapping());
        mapping.put(
                SqlTypeName.BOOLEAN,
                ImmutableSet.<SqlTypeName>builder()
                        .addAll(mapping.getOrDefault(SqlTypeName.BOOLEAN, ImmutableSet.of()))
                        .addAll(NUMERIC)
                        .build());
        for (SqlTypeName number : NUMERIC) {
            mapping.put(
                    number,
                    ImmutableSet.<SqlTypeName>builder()
                            .addAll(mapping.getOrDefault(number, ImmutableSet.of()))
                            .add(SqlTypeName.BOOLEAN)
                            .build());
        }
        return SqlTypeCoercionRule.instance(mapping);
    }
}
