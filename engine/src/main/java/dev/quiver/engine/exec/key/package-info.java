/**
 * The one key layer of hash joins, GROUP BY and set operations: the {@link
 * dev.quiver.engine.exec.key.LongForm} that normalises key values (-0.0 equals 0.0, all NaNs are
 * one, INT equals BIGINT), the {@link dev.quiver.engine.exec.key.RowKeyEncoder} byte rows for keys
 * that do not fit longs, the {@link dev.quiver.engine.exec.key.NestedKeys} bytes of nested values
 * (which ORDER BY, comparisons and min/max use as well), the one hash function ({@link
 * dev.quiver.engine.exec.key.KeyHashing}), and the chained hash table that joins and set operations build over {@link
 * dev.quiver.engine.exec.key.HashKeys}, with the {@link dev.quiver.engine.exec.key.KeyFilter} of a
 * build side's first key that joins test probe rows against first. Operators decide a layout once from the key types, so
 * encoding and hashing run one loop per column with no per-row type dispatch.
 */
package dev.quiver.engine.exec.key;
