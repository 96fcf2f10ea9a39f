/**
 * Python UDF calls in a pipeline: {@link dev.quiver.engine.exec.operator.udf.PythonUdfOperator}
 * sends each batch's arguments to the interpreter pool and appends the results as columns.
 */
package dev.quiver.engine.exec.operator.udf;
