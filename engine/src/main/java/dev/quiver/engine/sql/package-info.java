/**
 * SQL text to parse trees: {@link dev.quiver.engine.sql.SqlParsing} with Quiver's parser
 * configuration; the grammar extension lives in {@code parser}, the DDL parse trees in {@code ddl}.
 */
package dev.quiver.engine.sql;
