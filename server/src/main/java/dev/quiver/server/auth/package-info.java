/**
 * Who may connect and what they may run: the users file with salted PBKDF2 password hashes, the
 * three roles and the statements each allows, and the throttle on failed logins.
 */
package dev.quiver.server.auth;
