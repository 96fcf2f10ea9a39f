/** Error codes and the exception every user-facing failure goes through. */
package dev.quiver.engine.error;
