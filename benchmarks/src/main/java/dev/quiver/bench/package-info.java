/**
 * The {@code ./quiver bench} command line: the {@code udf} throughput comparison and the JMH runner.
 */
package dev.quiver.bench;
