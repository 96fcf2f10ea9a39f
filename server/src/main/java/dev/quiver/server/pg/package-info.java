/**
 * The PostgreSQL wire protocol (version 3) front of the server: startup, SCRAM-SHA-256 login, the
 * simple and extended query protocols, cancel requests, and the few {@code pg_catalog} answers that
 * psql, the PostgreSQL JDBC driver and DBeaver ask for. It runs in the same client sessions, roles
 * and limits as the Flight SQL front.
 */
package dev.quiver.server.pg;
