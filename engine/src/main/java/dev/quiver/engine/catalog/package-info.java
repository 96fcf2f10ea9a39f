/** Tables and functions a database knows, and how Calcite sees them. */
package dev.quiver.engine.catalog;
