/**
 * A Trino plugin whose {@code LANGUAGE PYTHON} functions run on udf-runtime's pool of own-GIL CPython
 * sub-interpreters: {@link dev.quiver.trino.QuiverPythonPlugin} is the entry point Trino loads,
 * {@link dev.quiver.trino.PythonLanguageEngine} validates and compiles functions, and
 * {@link dev.quiver.trino.PythonScalarCall} runs one call. Depends on udf-runtime and Trino's SPI,
 * never on Quiver's engine.
 */
package dev.quiver.trino;
