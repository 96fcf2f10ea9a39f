/** Where the engine's Arrow memory comes from. */
package dev.quiver.engine.exec.memory;
