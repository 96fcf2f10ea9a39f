/**
 * Quiver's Python UDF runtime: function definitions, SQL types and errors. It depends on Arrow and
 * the JDK only, so any JVM engine can embed it; {@link dev.quiver.udf.pool.InterpreterPool} is the
 * entry point.
 */
package dev.quiver.udf;
