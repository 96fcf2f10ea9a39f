/**
 * Client sessions: one engine {@link dev.quiver.engine.Session} per logged-in client, found by its
 * bearer token, closed when idle too long; the authenticator that exchanges a user's password for
 * a token; the server's log of connections and statements.
 */
package dev.quiver.server.session;
