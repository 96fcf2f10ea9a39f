/**
 * Where the engine's Arrow memory comes from (malloc, not Netty's zeroing pool), and counting memory
 * that is not Arrow's against a query's memory limit, so that every large structure of a query —
 * Arrow buffers and Java arrays alike — fails the same way when the limit is reached.
 */
package dev.quiver.engine.exec.memory;
