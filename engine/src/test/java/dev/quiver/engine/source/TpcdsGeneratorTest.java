package dev.quiver.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.Session;
import dev.quiver.engine.error.ErrorCode;
import dev.quiver.engine.error.QuiverException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The TPC-DS generator's schema, its decimal parsing and its errors. Generating the data (tens of
 * seconds) is checked by the sql-tests module's TpcdsQueriesTest, which compares every query with DuckDB.
 */
class TpcdsGeneratorTest {
    @Test
    void hasTheTwentyFourTablesWithDuckDbsTypes() {
        assertThat(TpcdsGenerator.TABLE_NAMES)
                .hasSize(24)
                .contains("store_sales", "store_returns", "date_dim", "customer_demographics", "web_site")
                .doesNotContain("dbgen_version");
        Schema storeSales = TpcdsGenerator.schema("store_sales");
        assertThat(storeSales.findField("ss_sold_date_sk").getType()).isEqualTo(new ArrowType.Int(32, true));
        assertThat(storeSales.findField("ss_net_profit").getType()).isEqualTo(new ArrowType.Decimal(7, 2, 128));
        assertThat(storeSales.findField("ss_sold_date_sk").isNullable()).isTrue();
        assertThat(TpcdsGenerator.schema("customer").findField("c_customer_id").getType())
                .isEqualTo(ArrowType.Utf8.INSTANCE);
    }

    @Test
    void parsesDecimalTextIntoUnscaledValues() {
        assertThat(TpcdsGenerator.unscaled("27.02", 2)).isEqualTo(2702);
        assertThat(TpcdsGenerator.unscaled("-779.73", 2)).isEqualTo(-77973);
        assertThat(TpcdsGenerator.unscaled("-5", 2)).isEqualTo(-500);
        assertThat(TpcdsGenerator.unscaled("0.1", 2)).isEqualTo(10);
        assertThat(TpcdsGenerator.unscaled("1000.00", 2)).isEqualTo(100000);
    }

    @Test
    void rejectsBadArgumentsAndUnknownTables() {
        try (BufferAllocator allocator = new RootAllocator()) {
            assertThatThrownBy(() -> TpcdsGenerator.generate(0, allocator))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("TPC-DS scale factor must be a positive number");
        }
        assertThatThrownBy(() -> TpcdsGenerator.schema("lineitem"))
                .isInstanceOfSatisfying(
                        QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE))
                .hasMessageContaining("There is no TPC-DS table lineitem");
    }

    @Test
    void callTpcdsChecksItsArgument() {
        try (Quiver quiver = Quiver.open();
                Session session = quiver.newSession()) {
            assertThatThrownBy(() -> session.execute("CALL tpcds(-1)"))
                    .isInstanceOfSatisfying(
                            QuiverException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("CALL tpcds takes one positive number");
            assertThatThrownBy(() -> session.execute("CALL tpcx(1)"))
                    .hasMessageContaining("Quiver has CALL tpch(scale_factor) and CALL tpcds(scale_factor)");
        }
    }
}
