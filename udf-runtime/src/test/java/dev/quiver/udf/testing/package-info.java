/**
 * Helpers for tests of Python functions, shared with the engine's tests through this module's test jar.
 */
package dev.quiver.udf.testing;
