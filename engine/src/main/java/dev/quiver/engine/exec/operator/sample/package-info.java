/**
 * Random samples (USING SAMPLE, TABLESAMPLE): {@link dev.quiver.engine.exec.operator.sample.SampleOperator}
 * keeps rows by a random key derived from the seed and each row's place in its morsel, so that a
 * seeded sample is the same however the morsels fall on threads.
 */
package dev.quiver.engine.exec.operator.sample;
