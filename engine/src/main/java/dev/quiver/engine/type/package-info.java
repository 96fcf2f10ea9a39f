/** The single mapping between SQL types and Arrow types. */
package dev.quiver.engine.type;
