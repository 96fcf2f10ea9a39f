package dev.quiver.engine;

import java.util.List;

/** The text of a query's EXPLAIN and its sections, for tests that check which plan a query takes. */
final class ExplainText {
    private static final String PHYSICAL = "Physical plan";
    private static final String PIPELINES = "Pipelines";

    private ExplainText() {}

    /** The whole EXPLAIN output of the query, one line per row. */
    static String of(Session session, String query) {
        try (QueryResult result = session.execute("EXPLAIN " + query)) {
            return String.join(
                    "\n",
                    result.rows().stream().map(row -> (String) row.getFirst()).toList());
        }
    }

    /** The whole EXPLAIN output of the query, run in a session of its own. */
    static String of(Quiver database, String query) {
        try (Session session = database.newSession()) {
            return of(session, query);
        }
    }

    /**
     * The physical plan alone: the logical plan before it shows the same operators again, the
     * pipelines after it the same ones split up.
     */
    static String physicalPlan(String explain) {
        int physical = explain.indexOf(PHYSICAL);
        int pipelines = explain.indexOf(PIPELINES);
        return explain.substring(Math.max(physical, 0), pipelines > physical ? pipelines : explain.length());
    }

    /** The pipelines section, from its heading to the end. */
    static String pipelines(String explain) {
        return explain.substring(explain.indexOf(PIPELINES));
    }

    /** The section's lines with their indentation stripped. */
    static List<String> strippedLines(String section) {
        return section.lines().map(String::strip).toList();
    }
}
