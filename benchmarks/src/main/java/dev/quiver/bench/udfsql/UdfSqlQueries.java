package dev.quiver.bench.udfsql;

import dev.quiver.bench.udfsql.UdfSqlQuery.Parameter;
import java.util.List;

/** The queries of {@code bench udf-sql}: a light, a CPU-bound, a string and a vectorized Python UDF. */
public final class UdfSqlQueries {
    private static final List<Parameter> PRICE_DISCOUNT =
            List.of(new Parameter("price", "DOUBLE"), new Parameter("discount", "DOUBLE"));

    /**
     * The lineitem columns the queries read, money as DOUBLE (Quiver's TPC-H has DECIMAL(15,2); a UDF over
     * DOUBLE is what both engines pass to Python as float), from a Parquet file {@code %s}.
     */
    public static final String LOAD_COLUMNS = "SELECT l_orderkey, l_linenumber,"
            + " CAST(l_quantity AS DOUBLE) AS l_quantity, CAST(l_extendedprice AS DOUBLE) AS l_extendedprice,"
            + " CAST(l_discount AS DOUBLE) AS l_discount, CAST(l_tax AS DOUBLE) AS l_tax, l_comment"
            + " FROM read_parquet('%s')";

    public static final List<UdfSqlQuery> ALL = List.of(
            new UdfSqlQuery(
                    "light",
                    "net_price",
                    PRICE_DISCOUNT,
                    "DOUBLE",
                    false,
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
                    false,
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
                    false,
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
                    true,
                    """
                    def net_price_v(prices, discounts):
                        return [price * (1.0 - discount) for price, discount in zip(prices, discounts)]
                    """,
                    "SELECT sum(net_price_v(l_extendedprice, l_discount)) FROM {table}"));

    private UdfSqlQueries() {}
}
