/** Kernels that build vectors from other vectors (gather, concatenation), one loop per layout. */
package dev.quiver.engine.exec.vector;
