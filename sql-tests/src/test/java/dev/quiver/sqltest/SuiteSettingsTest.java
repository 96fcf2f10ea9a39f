package dev.quiver.sqltest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteSettingsTest {

    @Test
    void theFastLoopSkipsOnlyFilesThatRequireTpch() {
        SuiteSettings fast = new SuiteSettings("quiver", true, "", true);
        SuiteSettings everything = new SuiteSettings("quiver", true, "", false);

        assertThat(fast.skipReason(List.of("tpch")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("requires tpch", "-Dquiver.fast=true"));
        assertThat(fast.skipReason(List.of("parquet", "python"))).isEmpty();
        assertThat(everything.skipReason(List.of("tpch"))).isEmpty();
    }
}
