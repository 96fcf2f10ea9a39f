/** Quiver's SQL engine: {@link dev.quiver.engine.Quiver} opens a database, a {@link dev.quiver.engine.Session} runs SQL. */
package dev.quiver.engine;
