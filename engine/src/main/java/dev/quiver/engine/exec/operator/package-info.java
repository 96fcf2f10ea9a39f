/** The runtime operators: scans, filter, project, sort, limit, joins, result collection. */
package dev.quiver.engine.exec.operator;
