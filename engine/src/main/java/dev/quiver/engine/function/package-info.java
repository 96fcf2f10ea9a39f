/**
 * Functions as the SQL front end sees them: the built-in function registry
 * ({@link dev.quiver.engine.function.BuiltinFunctions}, one {@link dev.quiver.engine.function.BuiltinFunction}
 * per function, defined in {@code MathBuiltins}, {@code StringBuiltins}, {@code DateBuiltins} and
 * {@code OperatorBuiltins}), which feeds both Calcite's validator ({@link
 * dev.quiver.engine.function.FunctionRegistry}) and the physical expression builder
 * ({@code plan/RexToExpr}, through {@link dev.quiver.engine.function.KernelCall}); DuckDB's
 * meaning where Calcite's differs ({@code DuckDbDivide}, {@code DuckDbSyntax}, {@code CastRules});
 * the table functions; and Python functions as Calcite operators ({@code PythonUdfSqlFunction},
 * {@code PythonFunctionTable}).
 */
package dev.quiver.engine.function;
