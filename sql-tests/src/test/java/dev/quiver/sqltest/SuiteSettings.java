package dev.quiver.sqltest;

import dev.quiver.sqltest.runner.DuckDbEngine;
import dev.quiver.sqltest.runner.QuiverEngine;
import dev.quiver.sqltest.runner.SqlEngine;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the suite runs, from system properties (Maven passes {@code -D} options through):
 *
 * <ul>
 *   <li>By default the files run against Quiver, with DuckDB as the oracle; {@code -Dquiver.slt=false}
 *       skips them (for a quick build).
 *   <li>{@code -Dquiver.slt.engine=duckdb}: run the files against DuckDB alone (no oracle), to check
 *       that their expected results are DuckDB's. Implies the suite is on.
 *   <li>{@code -Dquiver.slt.files=<text>[,<text>...]}: only files whose path contains one of the
 *       texts, e.g. {@code expressions/} or {@code settings/,macros/}.
 *   <li>{@code -Dquiver.fast=true} (what {@code ./quiver test --fast} passes): skips the files that
 *       {@code require tpch}, whose data takes most of the suite's time to generate.
 * </ul>
 */
record SuiteSettings(String engine, boolean enabled, String fileFilter, boolean fast) {
    static final String ENABLED_PROPERTY = "quiver.slt";
    static final String ENGINE_PROPERTY = "quiver.slt.engine";
    static final String FILES_PROPERTY = "quiver.slt.files";
    static final String FAST_PROPERTY = "quiver.fast";

    static SuiteSettings fromSystemProperties() {
        String engine = System.getProperty(ENGINE_PROPERTY, QuiverEngine.NAME).strip();
        if (!engine.equals(QuiverEngine.NAME) && !engine.equals(DuckDbEngine.NAME)) {
            throw new IllegalArgumentException("-D" + ENGINE_PROPERTY + " must be " + QuiverEngine.NAME + " or "
                    + DuckDbEngine.NAME + ", got '" + engine + "'");
        }
        boolean enabled =
                engine.equals(DuckDbEngine.NAME) || Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"));
        return new SuiteSettings(
                engine,
                enabled,
                System.getProperty(FILES_PROPERTY, ""),
                Boolean.parseBoolean(System.getProperty(FAST_PROPERTY, "false")));
    }

    /** Why a file with these requirements is skipped in this run; empty when it runs. */
    Optional<String> skipReason(List<String> requirements) {
        return fast && requirements.contains("tpch")
                ? Optional.of("requires tpch, skipped by -D" + FAST_PROPERTY + "=true (./quiver test --fast)")
                : Optional.empty();
    }

    String disabledMessage() {
        return "the sqllogictest suite was switched off with -D" + ENABLED_PROPERTY + "=false";
    }

    boolean selects(String testFile) {
        return Arrays.stream(fileFilter.split(",")).anyMatch(testFile::contains);
    }

    Supplier<SqlEngine> engineUnderTest() {
        return engine.equals(DuckDbEngine.NAME) ? DuckDbEngine::open : QuiverEngine::open;
    }

    /** DuckDB while Quiver is under test; none when DuckDB is itself the engine under test. */
    Supplier<SqlEngine> oracle() {
        return engine.equals(DuckDbEngine.NAME) ? null : DuckDbEngine::open;
    }
}
