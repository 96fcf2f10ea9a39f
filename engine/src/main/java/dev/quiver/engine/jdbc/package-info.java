/**
 * The JDBC driver: {@code jdbc:quiver:} (a private in-memory database per connection) and
 * {@code jdbc:quiver:PATH} (the database stored at PATH, shared by the connections of one process).
 * Auto-commit by default, transactions with {@code setAutoCommit(false)}; result sets are
 * forward-only and read-only; errors carry Quiver's SQLSTATE.
 */
package dev.quiver.engine.jdbc;
