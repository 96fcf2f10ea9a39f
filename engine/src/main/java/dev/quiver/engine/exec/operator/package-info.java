/** The runtime operators: scans, filter, project, sort, limit, joins, set operations, result collection. */
package dev.quiver.engine.exec.operator;
