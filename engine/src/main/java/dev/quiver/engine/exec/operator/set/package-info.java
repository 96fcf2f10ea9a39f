/**
 * Set operations: UNION ALL concatenates its inputs; UNION, INTERSECT and EXCEPT (with or without
 * ALL) hash whole rows with the shared key layer, NULL equal to NULL, and count them per input.
 */
package dev.quiver.engine.exec.operator.set;
