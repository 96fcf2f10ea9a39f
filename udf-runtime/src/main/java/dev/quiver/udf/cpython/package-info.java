/**
 * The only code that talks to CPython (through the FFM API, no JNI): loading libpython, the main
 * interpreter, thread-confined sub-interpreters and their interruptors. Nothing outside this
 * package imports {@code java.lang.foreign}.
 */
package dev.quiver.udf.cpython;
