package dev.quiver.engine.function;

import static dev.quiver.udf.UdfType.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.error.QuiverException;
import dev.quiver.engine.plan.QuiverTypeFactory;
import dev.quiver.udf.UdfType;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Calcite types ⇄ Python-function types, nested types and the scalar types of issue 10 included. */
class UdfTypesTest {
    private final RelDataTypeFactory types = new QuiverTypeFactory();

    private RelDataType sql(SqlTypeName name) {
        return types.createSqlType(name);
    }

    @Test
    void flatTypesMapAsBefore() {
        assertThat(UdfTypes.fromSql(sql(SqlTypeName.BIGINT), "x")).isEqualTo(UdfType.BIGINT);
        assertThat(UdfTypes.fromSql(types.createSqlType(SqlTypeName.DECIMAL, 10, 2), "x"))
                .isEqualTo(UdfType.decimal(10, 2));
        assertThat(UdfTypes.fromSql(sql(SqlTypeName.VARCHAR), "x")).isEqualTo(UdfType.VARCHAR);
        assertThat(UdfTypes.fromSql(types.createSqlType(SqlTypeName.TIMESTAMP, 6), "x"))
                .isEqualTo(UdfType.TIMESTAMP);
    }

    @Test
    void scalarTypesOfIssue10() {
        assertThat(UdfTypes.fromSql(types.createSqlType(SqlTypeName.TIME, 6), "x"))
                .isEqualTo(UdfType.TIME);
        assertThat(UdfTypes.fromSql(types.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6), "x"))
                .isEqualTo(UdfType.TIMESTAMPTZ);
        assertThat(UdfTypes.fromSql(sql(SqlTypeName.UUID), "x")).isEqualTo(UdfType.UUID);
        for (TimeUnit[] range : new TimeUnit[][] {
            {TimeUnit.YEAR, TimeUnit.MONTH}, {TimeUnit.DAY, TimeUnit.SECOND}, {TimeUnit.HOUR, null}
        }) {
            RelDataType interval =
                    types.createSqlIntervalType(new SqlIntervalQualifier(range[0], range[1], SqlParserPos.ZERO));
            assertThat(UdfTypes.fromSql(interval, "x")).isEqualTo(UdfType.INTERVAL);
        }
    }

    @Test
    void nestedTypesToAnyDepth() {
        RelDataType tags = types.createArrayType(sql(SqlTypeName.VARCHAR), -1);
        RelDataType point = types.createStructType(List.of(sql(SqlTypeName.DOUBLE), tags), List.of("x", "tags"));
        RelDataType deep = types.createMapType(sql(SqlTypeName.VARCHAR), types.createArrayType(point, -1));
        UdfType expected = UdfType.map(
                UdfType.VARCHAR,
                UdfType.list(UdfType.struct(field("x", UdfType.DOUBLE), field("tags", UdfType.list(UdfType.VARCHAR)))));
        assertThat(UdfTypes.fromSql(deep, "x")).isEqualTo(expected);
        assertThat(expected.sql()).isEqualTo("MAP(VARCHAR, STRUCT(x DOUBLE, tags VARCHAR[])[])");
    }

    @Test
    void everyTypeGoesToSqlAndBack() {
        List<UdfType> all = List.of(
                UdfType.TIME,
                UdfType.TIMESTAMPTZ,
                UdfType.INTERVAL,
                UdfType.UUID,
                UdfType.list(UdfType.list(UdfType.BIGINT)),
                UdfType.struct(field("a", UdfType.INTEGER), field("b c", UdfType.map(UdfType.INTEGER, UdfType.DATE))));
        for (UdfType type : all) {
            RelDataType sql = UdfTypes.toSql(type, types);
            assertThat(sql.isNullable()).isTrue();
            assertThat(UdfTypes.fromSql(sql, "x")).as(type.sql()).isEqualTo(type);
        }
        // HUGEINT has no Calcite type of its own yet: it goes out as DECIMAL(38, 0).
        assertThat(UdfTypes.toSql(UdfType.HUGEINT, types).getSqlTypeName()).isEqualTo(SqlTypeName.DECIMAL);
    }

    @Test
    void anUnsupportedTypeIsAUserErrorNamingIt() {
        assertThatThrownBy(() -> UdfTypes.fromSql(types.createMultisetType(sql(SqlTypeName.INTEGER), -1), "argument x"))
                .isInstanceOf(QuiverException.class)
                .hasMessageContaining("argument x has type INTEGER NOT NULL MULTISET NOT NULL")
                .hasMessageContaining("lists (T[], T[n]), STRUCTs and MAPs");
    }
}
