/**
 * SVG charts of benchmark results, written as plain text next to the JSON: no browser, no
 * charting library, so a chart can be read in any image viewer and diffed in review.
 */
package dev.quiver.bench.chart;
