package dev.quiver.bench.udfsql;

import dev.quiver.bench.udfsql.UdfSqlQuery.DuckDbWorkaround;
import dev.quiver.bench.udfsql.UdfSqlQuery.Kind;
import dev.quiver.bench.udfsql.UdfSqlQuery.Parameter;
import java.util.List;

/**
 * The queries of {@code bench udf-sql}: a light, a CPU-bound, a string and a vectorized Python UDF, a Python
 * aggregate over few and over many groups whose cost is in finish (a median), one over few groups whose cost is in
 * accumulate (a hash chain), and a tokenizing Python table function.
 */
public final class UdfSqlQueries {
    private static final List<Parameter> PRICE_DISCOUNT =
            List.of(new Parameter("price", "DOUBLE"), new Parameter("discount", "DOUBLE"));

    private static final List<Parameter> PRICE_DISCOUNT_QUANTITY = List.of(
            new Parameter("price", "DOUBLE"), new Parameter("discount", "DOUBLE"), new Parameter("quantity", "DOUBLE"));

    /** The aggregate's handler class (Quiver) and the same median over lists (DuckDB's workaround). */
    private static final String NET_MEDIAN_SOURCE = """
            def _median(pairs):
                if not pairs:
                    return None
                pairs.sort()
                half = sum(weight for _, weight in pairs) / 2
                running = 0.0
                for value, weight in pairs:
                    running += weight
                    if running >= half:
                        return value

            def _net(price, discount, quantity):
                return (round(price * (1.0 - discount), 2), quantity)

            class NetMedian:
                def __init__(self):
                    self.pairs = []

                @property
                def aggregate_state(self):
                    return self.pairs

                def accumulate(self, price, discount, quantity):
                    self.pairs.append(_net(price, discount, quantity))

                def accumulate_batch(self, prices, discounts, quantities):
                    # the vectorized fast path: one call per group and batch, not per row
                    self.pairs.extend(map(_net, prices, discounts, quantities))

                def merge(self, other_state):
                    self.pairs.extend(other_state)

                def finish(self):
                    return _median(self.pairs)

            def net_median_lists(prices, discounts, quantities):
                return _median(list(map(_net, prices, discounts, quantities)))
            """;

    /**
     * A Python aggregate whose cost is in accumulate, not in finish: a hash chain per row (eight rounds of
     * BLAKE2b over l_comment) and a tiny state (the lowest digest so far). DuckDB's workaround hashes the
     * list of each group in one call.
     */
    private static final String MIN_DIGEST_SOURCE = """
            import hashlib

            def _digest(comment):
                value = comment.encode()
                for _ in range(8):
                    value = hashlib.blake2b(value, digest_size=16).digest()
                return int.from_bytes(value[:6], "big") / 281474976710656.0

            class MinDigest:
                def __init__(self):
                    self.lowest = None

                @property
                def aggregate_state(self):
                    return self.lowest

                def _take(self, value):
                    if value is not None and (self.lowest is None or value < self.lowest):
                        self.lowest = value

                def accumulate(self, comment):
                    self._take(_digest(comment))

                def accumulate_batch(self, comments):
                    self._take(min(map(_digest, comments), default=None))

                def merge(self, other_state):
                    self._take(other_state)

                def finish(self):
                    return self.lowest

            def min_digest_list(comments):
                return min(map(_digest, comments), default=None)
            """;

    /** The table function's generator (Quiver) and the same tokens as a list (DuckDB's workaround). */
    private static final String TOKENS_SOURCE = """
            import re

            _WORD = re.compile(r"[a-z]+")
            _SUFFIXES = ("ing", "ly", "ed", "es", "s")

            def token_list(comment):
                words = []
                for word in _WORD.findall(comment.lower()):
                    for suffix in _SUFFIXES:
                        if word.endswith(suffix) and len(word) > len(suffix) + 2:
                            word = word[: -len(suffix)]
                            break
                    words.append(word)
                return words

            def tokens(comment):
                yield from token_list(comment)
            """;

    /**
     * The lineitem columns the queries read, money as DOUBLE (Quiver's TPC-H has DECIMAL(15,2); a UDF over
     * DOUBLE is what both engines pass to Python as float), from a Parquet file {@code %s}.
     */
    public static final String LOAD_COLUMNS = "SELECT l_orderkey, l_linenumber, l_returnflag,"
            + " CAST(l_quantity AS DOUBLE) AS l_quantity, CAST(l_extendedprice AS DOUBLE) AS l_extendedprice,"
            + " CAST(l_discount AS DOUBLE) AS l_discount, CAST(l_tax AS DOUBLE) AS l_tax, l_comment"
            + " FROM read_parquet('%s')";

    public static final List<UdfSqlQuery> ALL = List.of(
            new UdfSqlQuery(
                    "light",
                    "net_price",
                    PRICE_DISCOUNT,
                    "DOUBLE",
                    Kind.SCALAR,
                    """
                    def net_price(price, discount):
                        return price * (1.0 - discount)
                    """,
                    "SELECT sum(net_price(l_extendedprice, l_discount)) FROM {table}"),
            new UdfSqlQuery(
                    "heavy",
                    "risk_score",
                    List.of(
                            new Parameter("price", "DOUBLE"),
                            new Parameter("discount", "DOUBLE"),
                            new Parameter("tax", "DOUBLE"),
                            new Parameter("quantity", "DOUBLE")),
                    "DOUBLE",
                    Kind.SCALAR,
                    """
                    import math

                    def risk_score(price, discount, tax, quantity):
                        value = price * (1.0 - discount) * (1.0 + tax)
                        score = 0.0
                        for k in range(1, 7):
                            score += math.log1p(value / k) * math.exp(-quantity / (10.0 * k))
                            score += math.sqrt(k * quantity) * math.sin(value / (1000.0 * k))
                        return score
                    """,
                    "SELECT sum(risk_score(l_extendedprice, l_discount, l_tax, l_quantity)) FROM {table}"),
            new UdfSqlQuery(
                    "string",
                    "normalize_comment",
                    List.of(new Parameter("s", "VARCHAR")),
                    "VARCHAR",
                    Kind.SCALAR,
                    """
                    import re
                    import unicodedata

                    _NOT_WORD = re.compile(r"[^\\w\\s]+")
                    _SPACES = re.compile(r"\\s+")

                    def normalize_comment(s):
                        s = unicodedata.normalize("NFKD", s.lower())
                        s = "".join(c for c in s if not unicodedata.combining(c))
                        return _SPACES.sub(" ", _NOT_WORD.sub(" ", s)).strip()
                    """,
                    "SELECT sum(char_length(normalize_comment(l_comment))), count(*) FROM {table}"),
            new UdfSqlQuery(
                    "vectorized",
                    "net_price_v",
                    PRICE_DISCOUNT,
                    "DOUBLE",
                    Kind.VECTORIZED,
                    """
                    def net_price_v(prices, discounts):
                        return [price * (1.0 - discount) for price, discount in zip(prices, discounts)]
                    """,
                    "SELECT sum(net_price_v(l_extendedprice, l_discount)) FROM {table}"),
            netMedian("median-few", "l_returnflag"),
            netMedian("median-many", "l_orderkey"),
            new UdfSqlQuery(
                    "digest-few",
                    "min_digest",
                    List.of(new Parameter("comment", "VARCHAR")),
                    "DOUBLE",
                    Kind.AGGREGATE,
                    MIN_DIGEST_SOURCE,
                    "SELECT sum(m), count(*) FROM (SELECT min_digest(l_comment) AS m FROM {table} GROUP BY l_returnflag)",
                    new DuckDbWorkaround(
                            "min_digest_list",
                            List.of("VARCHAR[]"),
                            "DOUBLE",
                            "SELECT sum(m), count(*) FROM (SELECT min_digest_list(list(l_comment)) AS m FROM {table}"
                                    + " GROUP BY l_returnflag)")),
            new UdfSqlQuery(
                    "tokens",
                    "tokens",
                    List.of(new Parameter("comment", "VARCHAR")),
                    "TABLE (word VARCHAR)",
                    Kind.TABLE,
                    TOKENS_SOURCE,
                    "SELECT count(*), sum(n), sum(n * n) FROM"
                            + " (SELECT t.word, count(*) AS n FROM {table}, LATERAL tokens(l_comment) t GROUP BY t.word)",
                    new DuckDbWorkaround(
                            "token_list",
                            List.of("VARCHAR"),
                            "VARCHAR[]",
                            "SELECT count(*), sum(n), sum(n * n) FROM (SELECT word, count(*) AS n FROM"
                                    + " (SELECT unnest(token_list(l_comment)) AS word FROM {table}) GROUP BY word)")));

    private UdfSqlQueries() {}

    /**
     * The weighted median of the net price (weight: quantity) per group of {@code key}, summed over the
     * groups: a Python aggregate on Quiver; on DuckDB {@code list()} per group and a Python function over
     * the lists. Sorting in the median makes the answer independent of row and merge order.
     */
    private static UdfSqlQuery netMedian(String name, String key) {
        String groups = " FROM {table} GROUP BY " + key + ")";
        return new UdfSqlQuery(
                name,
                "net_median",
                PRICE_DISCOUNT_QUANTITY,
                "DOUBLE",
                Kind.AGGREGATE,
                NET_MEDIAN_SOURCE,
                "SELECT sum(m), count(*) FROM (SELECT net_median(l_extendedprice, l_discount, l_quantity) AS m"
                        + groups,
                new DuckDbWorkaround(
                        "net_median_lists",
                        List.of("DOUBLE[]", "DOUBLE[]", "DOUBLE[]"),
                        "DOUBLE",
                        "SELECT sum(m), count(*) FROM (SELECT net_median_lists(list(l_extendedprice),"
                                + " list(l_discount), list(l_quantity)) AS m"
                                + groups));
    }
}
