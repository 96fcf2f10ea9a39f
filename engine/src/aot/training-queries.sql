-- The start-up cache's training workload, part 2 (./quiver, aot_train): general SQL over the
-- tables of training-setup.sql, run several times so that the planner's and the runtime's methods
-- are profiled (JDK 25 keeps the profiles in the cache, not compiled code). Written for this
-- purpose: no benchmark's query text, so the cache does not favour one benchmark.
SELECT r.region_name, c.segment, count(*) AS lines, sum(l.quantity * p.price * (1 - l.discount)) AS revenue
FROM order_line l
JOIN orders o ON l.order_id = o.order_id
JOIN customer c ON o.customer_id = c.customer_id
JOIN region r ON c.region_id = r.region_id
JOIN product p ON l.product_id = p.product_id
WHERE o.order_date >= DATE '2024-03-01' AND o.order_date < DATE '2025-01-01' AND p.category IN (1, 3, 5, 7)
GROUP BY r.region_name, c.segment
HAVING count(*) > 10
ORDER BY revenue DESC
LIMIT 10;
SELECT c.name, c.balance
FROM customer c
WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.status = 'returned')
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.status = 'open'
                  AND o.order_date > DATE '2025-06-01')
ORDER BY c.balance DESC, c.name
LIMIT 5;
SELECT p.category, count(*) AS products, avg(p.price) AS mean_price
FROM product p
WHERE p.product_id IN (SELECT product_id FROM order_line WHERE quantity > 7)
  AND p.product_id NOT IN (SELECT product_id FROM review WHERE stars = 1)
GROUP BY p.category
ORDER BY p.category;
SELECT o.order_id, o.status, o.order_date
FROM orders o
WHERE (SELECT sum(l.quantity) FROM order_line l WHERE l.order_id = o.order_id)
      > (SELECT avg(quantity) * 4 FROM order_line)
ORDER BY o.order_id
LIMIT 5;
SELECT customer_id, order_id, order_date,
       row_number() OVER (PARTITION BY customer_id ORDER BY order_date) AS n,
       count(*) OVER (PARTITION BY status) AS per_status,
       sum(order_id) OVER (PARTITION BY customer_id ORDER BY order_date ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS recent_sum,
       lag(order_date) OVER (PARTITION BY customer_id ORDER BY order_date) AS previous,
       rank() OVER (ORDER BY customer_id) AS customer_rank
FROM orders
WHERE customer_id < 20
ORDER BY customer_id, n
LIMIT 10;
WITH spend AS (
    SELECT o.customer_id, sum(l.quantity * p.price) AS total
    FROM orders o JOIN order_line l ON o.order_id = l.order_id JOIN product p ON p.product_id = l.product_id
    GROUP BY o.customer_id),
ranked AS (SELECT customer_id, total, ntile(4) OVER (ORDER BY total) AS quartile FROM spend)
SELECT quartile, count(*) AS customers, min(total) AS low, max(total) AS high
FROM ranked
GROUP BY quartile
ORDER BY quartile;
SELECT customer_id FROM orders WHERE status = 'open'
UNION
SELECT customer_id FROM orders WHERE status = 'closed' AND order_date > DATE '2025-01-01'
EXCEPT
SELECT customer_id FROM customer WHERE segment = 'gold'
ORDER BY 1
LIMIT 5;
SELECT product_id FROM order_line WHERE quantity = 9
INTERSECT
SELECT product_id FROM review WHERE stars >= 4
ORDER BY 1
LIMIT 5;
SELECT status, count(*) AS n FROM orders WHERE customer_id % 2 = 0 GROUP BY status
UNION ALL
SELECT segment, count(*) FROM customer GROUP BY segment
ORDER BY 1;
SELECT upper(substring(name, 1, 8)) AS short, length(name) AS length, replace(segment, 'o', '0') AS seg,
       CASE WHEN balance > 100 THEN 'high' WHEN balance > 50 THEN 'mid' ELSE 'low' END AS tier,
       trim('  ' || segment || '  ') AS trimmed, concat(name, '/', segment) AS label,
       name LIKE '%7%' AS has_seven, lower(name) || '@example.com' AS email, position('#' IN name) AS hash_at
FROM customer
WHERE starts_with(name, 'Customer') AND segment <> 'bronze'
ORDER BY balance DESC, name
LIMIT 5;
SELECT extract(year FROM order_date) AS y, extract(month FROM order_date) AS m,
       date_trunc('month', order_date) AS month_start, count(*) AS orders,
       min(order_date + INTERVAL 30 DAY) AS first_due, max(order_date) AS last_order
FROM orders
WHERE order_date BETWEEN DATE '2024-02-01' AND DATE '2025-02-01'
GROUP BY 1, 2, 3
ORDER BY 1, 2
LIMIT 12;
SELECT category, sum(price * 1.08) AS gross, avg(price) AS mean, CAST(sum(price) / count(*) AS DECIMAL(12, 3)) AS per_item,
       round(max(price) - min(price), 1) AS spread, sum(CASE WHEN price > 50 THEN price ELSE 0 END) AS dear
FROM product
GROUP BY category
ORDER BY category;
SELECT py_label(c.segment) AS segment, sum(py_weight(l.quantity, CAST(l.discount AS DOUBLE))) AS weight, count(*) AS lines
FROM order_line l JOIN orders o ON o.order_id = l.order_id JOIN customer c ON c.customer_id = o.customer_id
WHERE o.status <> 'returned'
GROUP BY 1
ORDER BY 1;
SELECT p.title, count(r.review_id) AS reviews, coalesce(avg(r.stars), 0) AS stars,
       count(DISTINCT r.stars) AS distinct_stars, max(r.body) AS some_body
FROM product p LEFT JOIN review r ON r.product_id = p.product_id
WHERE p.category = 2
GROUP BY p.title
ORDER BY reviews DESC NULLS LAST, p.title
LIMIT 5 OFFSET 1;
SELECT v.order_id, v.amount, o.status
FROM order_value v JOIN orders o ON o.order_id = v.order_id
WHERE v.amount > (SELECT avg(amount) FROM order_value)
ORDER BY v.amount DESC, v.order_id
LIMIT 5;
SELECT segment, total
FROM (SELECT c.segment, sum(o.order_id % 100) AS total
      FROM customer c JOIN orders o ON o.customer_id = c.customer_id
      GROUP BY c.segment) t
WHERE total > 0
ORDER BY total DESC;
SELECT * FROM customer WHERE customer_id = 42;
SELECT count(*) FROM order_line WHERE note LIKE 'note 1%' AND quantity BETWEEN 2 AND 5;
