/**
 * Parse trees of Quiver's DDL and utility statements (CREATE/DROP TABLE, CREATE/DROP FUNCTION,
 * SHOW), produced by the parser in {@code dev.quiver.engine.sql.parser}; immutable once built.
 */
package dev.quiver.engine.sql.ddl;
