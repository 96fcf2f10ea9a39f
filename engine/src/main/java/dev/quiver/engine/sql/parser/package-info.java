/**
 * Quiver's SQL parser: {@code QuiverSqlParserImpl}, generated at build time from Calcite's grammar
 * template plus {@code src/main/codegen} (FMPP, then JavaCC), and the helpers its actions call.
 * Use it through {@link dev.quiver.engine.sql.SqlParsing}, not directly.
 */
package dev.quiver.engine.sql.parser;
