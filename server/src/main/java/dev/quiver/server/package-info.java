/**
 * {@code quiver server}: one durable database served to many remote clients over Arrow Flight SQL,
 * with users and roles; the command line ({@link dev.quiver.server.ServerCli}) and the process's
 * life cycle ({@link dev.quiver.server.QuiverServer}: start, log, stop cleanly on SIGTERM).
 */
package dev.quiver.server;
