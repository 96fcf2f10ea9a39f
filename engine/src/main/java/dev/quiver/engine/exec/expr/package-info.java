/** Physical scalar expressions, evaluated a batch at a time by type-specialised kernels. */
package dev.quiver.engine.exec.expr;
