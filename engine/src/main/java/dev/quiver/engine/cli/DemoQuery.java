package dev.quiver.engine.cli;

import java.util.List;

/** The SQL {@code quiver demo} runs: three Python UDFs of the kinds people write, and a query that uses all three. */
final class DemoQuery {
    /** CREATE FUNCTION statements: a text normalizer, a numeric score, a JSON payload builder. */
    static final List<String> FUNCTIONS = List.of("""
            -- Text cleanup as done before matching or deduplicating free text: lowercase,
            -- strip accents and punctuation, collapse runs of white space.
            CREATE FUNCTION normalize_comment(s VARCHAR) RETURNS VARCHAR
            LANGUAGE PYTHON IMMUTABLE STRICT AS $$
            import re
            import unicodedata

            _NOT_WORD = re.compile(r"[^\\w\\s]+")
            _SPACES = re.compile(r"\\s+")

            def normalize_comment(s):
                s = unicodedata.normalize("NFKD", s.lower())
                s = "".join(c for c in s if not unicodedata.combining(c))
                return _SPACES.sub(" ", _NOT_WORD.sub(" ", s)).strip()
            $$
            """, """
            -- A 0..100 priority: the line's net value on a log scale, damped when delivery took
            -- long (a logistic curve over the days from shipping to receipt), raised for bulk lines.
            CREATE FUNCTION priority_score(price DOUBLE, discount DOUBLE, tax DOUBLE, quantity DOUBLE,
                                           shipped DATE, received DATE) RETURNS DOUBLE
            LANGUAGE PYTHON IMMUTABLE STRICT AS $$
            import math

            def priority_score(price, discount, tax, quantity, shipped, received):
                days = (received - shipped).days
                value = math.log1p(price * (1.0 - discount) * (1.0 + tax))
                urgency = 1.0 / (1.0 + math.exp((days - 15.0) / 4.0))
                bulk = math.sqrt(quantity / 50.0)
                return 100.0 * math.tanh(value / 12.0) * (0.5 + 0.5 * urgency) * (0.75 + 0.25 * bulk)
            $$
            """, """
            -- The compact JSON payload a downstream service would receive for a line item.
            CREATE FUNCTION shipment_json(orderkey BIGINT, linenumber INTEGER, mode VARCHAR, price DOUBLE,
                                          shipped DATE) RETURNS VARCHAR
            LANGUAGE PYTHON IMMUTABLE AS $$
            import json

            def shipment_json(orderkey, linenumber, mode, price, shipped):
                return json.dumps({"order": orderkey, "line": linenumber, "mode": mode.strip(),
                                   "price": round(price, 2), "shipped": shipped.isoformat()},
                                  separators=(",", ":"))
            $$
            """);

    /**
     * Line items whose cleaned-up comment mentions "careful", per ship mode: how many, their mean
     * priority and the JSON bytes they would send. The mean is cast to DECIMAL so that summing in
     * a different order (morsels finish in any order) cannot change the printed digits.
     */
    static final String QUERY = """
            SELECT l_shipmode AS ship_mode,
                   count(*) AS items,
                   CAST(avg(priority_score(l_extendedprice, l_discount, l_tax, l_quantity,
                                           l_shipdate, l_receiptdate)) AS DECIMAL(8, 3)) AS avg_priority,
                   sum(char_length(shipment_json(l_orderkey, l_linenumber, l_shipmode,
                                                 l_extendedprice, l_shipdate))) AS json_bytes
            FROM lineitem
            WHERE normalize_comment(l_comment) LIKE '%careful%'
            GROUP BY l_shipmode
            ORDER BY avg_priority DESC, ship_mode
            LIMIT 5
            """;

    /** Calls every function on a few rows: starts the interpreters and plans once, so the timed run measures the query. */
    static final String WARM_UP = """
            SELECT normalize_comment(l_comment),
                   priority_score(l_extendedprice, l_discount, l_tax, l_quantity, l_shipdate, l_receiptdate),
                   shipment_json(l_orderkey, l_linenumber, l_shipmode, l_extendedprice, l_shipdate)
            FROM lineitem WHERE l_orderkey <= 32
            """;

    private DemoQuery() {}
}
