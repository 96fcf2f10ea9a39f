-- The start-up cache's training workload, part 1 (./quiver, aot_train): the schema and data the
-- queries of training-queries.sql read. A small shop of its own (not TPC-H or TPC-DS): temporary
-- tables stay in memory as the benchmarks' and most sessions' tables do; one durable table keeps
-- the database file's paths in the cache.
CREATE TEMP TABLE region AS
    SELECT range AS region_id, 'region ' || range AS region_name FROM range(5);
CREATE TEMP TABLE customer AS
    SELECT range AS customer_id,
           'Customer#' || lpad(CAST(range AS VARCHAR), 5, '0') AS name,
           range % 5 AS region_id,
           CAST(range % 1000 AS DECIMAL(12, 2)) * 0.15 AS balance,
           CASE WHEN range % 3 = 0 THEN 'gold' WHEN range % 3 = 1 THEN 'silver' ELSE 'bronze' END AS segment
    FROM range(500);
CREATE TEMP TABLE product AS
    SELECT range AS product_id, 'product ' || range AS title,
           CAST(range % 97 AS DECIMAL(10, 2)) + 0.99 AS price, CAST(range % 10 AS INTEGER) AS category
    FROM range(200);
CREATE TEMP TABLE orders AS
    SELECT range AS order_id, range % 500 AS customer_id,
           DATE '2024-01-01' + CAST(range % 700 AS INTEGER) AS order_date,
           CASE range % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'shipped' WHEN 2 THEN 'returned' ELSE 'closed' END AS status
    FROM range(3000);
CREATE TEMP TABLE order_line AS
    SELECT range AS line_id, range % 3000 AS order_id, (range * 7) % 200 AS product_id,
           CAST(1 + range % 9 AS INTEGER) AS quantity,
           CAST(range % 20 * 0.01 AS DECIMAL(4, 2)) AS discount, 'note ' || (range % 13) AS note
    FROM range(12000);
CREATE TABLE review AS
    SELECT range AS review_id, (range * 3) % 200 AS product_id, CAST(1 + range % 5 AS INTEGER) AS stars,
           CASE WHEN range % 11 = 0 THEN NULL ELSE 'great value ' || range END AS body
    FROM range(1000);
CREATE VIEW order_value AS
    SELECT l.order_id, sum(l.quantity * p.price * (1 - l.discount)) AS amount
    FROM order_line l JOIN product p ON p.product_id = l.product_id GROUP BY l.order_id;
CREATE FUNCTION py_weight(quantity BIGINT, discount DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$
return quantity * (1.0 - discount)
$$;
CREATE FUNCTION py_label(s VARCHAR) RETURNS VARCHAR LANGUAGE PYTHON IMMUTABLE AS $$
return s.title().replace(' ', '-')
$$;
SELECT 1;
