/**
 * The TPC-DS queries as the suite and {@code ./quiver bench tpcds} run them: texts read at run time
 * from Apache Spark's test jar, with small documented dialect rewrites.
 */
package dev.quiver.sqltest.tpcds;
