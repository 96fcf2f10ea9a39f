/**
 * The sqllogictest suite: every {@code .test} file under {@code src/test/resources/sql} run as JUnit 5
 * dynamic tests against Quiver, with DuckDB as the oracle (see {@link dev.quiver.sqltest.SqlLogicTest}).
 */
package dev.quiver.sqltest;
