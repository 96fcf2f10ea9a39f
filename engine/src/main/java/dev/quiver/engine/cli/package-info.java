/** The {@code quiver} command line (picocli). */
package dev.quiver.engine.cli;
