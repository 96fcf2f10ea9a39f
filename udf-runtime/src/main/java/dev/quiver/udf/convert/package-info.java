/**
 * Arrow vectors to Python and back: which buffers go over by address, NULL compaction, and how
 * results land in output vectors.
 */
package dev.quiver.udf.convert;
