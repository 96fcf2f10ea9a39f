"""Drives the PostgreSQL front with psycopg 3: the checks PgWirePsycopgTest runs.

Usage: python3 psycopg_check.py PORT USER PASSWORD; prints one line per check, exits non-zero on
the first failure.
"""
import datetime
import decimal
import sys

import psycopg

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with psycopg.connect(host="127.0.0.1", port=port, user=user, password=password,
                     dbname="quiver", autocommit=True) as connection:
    connection.execute("CREATE TABLE py_events (id INTEGER, name VARCHAR, amount DOUBLE,"
                       " price DECIMAL(8,2), happened DATE)")
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO py_events VALUES (%s, %s, %s, %s, %s)",
            [(1, "plain", 1.5, decimal.Decimal("12.34"), datetime.date(2026, 12, 6)),
             (2, "it's; quoted", None, None, None),
             (3, "grüße", -2.0, decimal.Decimal("-0.05"), datetime.date(1999, 1, 2))])
    rows = connection.execute(
        "SELECT id, name, amount, price, happened FROM py_events WHERE id >= %s ORDER BY id", (1,)).fetchall()
    assert rows == [
        (1, "plain", 1.5, decimal.Decimal("12.34"), datetime.date(2026, 12, 6)),
        (2, "it's; quoted", None, None, None),
        (3, "grüße", -2.0, decimal.Decimal("-0.05"), datetime.date(1999, 1, 2))], rows
    print("text rows ok")
    with connection.cursor(binary=True) as cursor:
        cursor.execute("SELECT id, amount, price, happened FROM py_events WHERE name = %s", ("grüße",))
        assert cursor.fetchall() == [(3, -2.0, decimal.Decimal("-0.05"), datetime.date(1999, 1, 2))]
    print("binary rows ok")
    try:
        connection.execute("SELECT * FROM no_such_table")
        raise AssertionError("no error")
    except psycopg.errors.UndefinedTable as error:
        assert error.sqlstate == "42P01", error.sqlstate
    print("error ok")
    with connection.transaction():
        connection.execute("INSERT INTO py_events (id) VALUES (4)")
    count = connection.execute("SELECT count(*) FROM py_events").fetchone()[0]
    assert count == 4, count
    print("transaction ok")
print("psycopg ok")
