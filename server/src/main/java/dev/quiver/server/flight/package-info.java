/**
 * The Arrow Flight SQL front: the producer that runs statements, prepared statements and metadata
 * commands in the caller's session, streams results as the engine's Arrow batches, and maps
 * Quiver's errors to Flight status codes with their SQLSTATE.
 */
package dev.quiver.server.flight;
