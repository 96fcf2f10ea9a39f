/** The runtime operators: scans, filter, project, sort, limit, result collection. */
package dev.quiver.engine.exec.operator;
