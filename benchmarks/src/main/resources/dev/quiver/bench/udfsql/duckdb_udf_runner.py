"""The DuckDB side of `quiver bench udf-sql`: the same Python UDFs through DuckDB's create_function.

Run by the benchmark with a regular CPython that has the `duckdb` package (DuckDB's Python client;
pyarrow too for the 'arrow' UDF type). Reads a JSON spec (argv[1]) naming a Parquet file of lineitem,
the SQL that loads it, and per query the function's source, signature and SQL (for Quiver's aggregate
and table functions, DuckDB's workaround: a scalar function over lists). It loads the data, registers
every function, writes one JSON line (versions and row counts, or an error), then serves requests:
each line on stdin, {"query": name, "type": "arrow" | "native"}, runs that query once and answers with
one JSON line (wall and CPU seconds, rows, answer). The benchmark drives the runs, so that DuckDB's
runs alternate with Quiver's and load from elsewhere hits both alike. Nothing else goes to stdout:
messages for people go to stderr.
"""
import json
import sys
import time

_REGISTERED = set()  # names of the functions created on the one connection


def main():
    with open(sys.argv[1], encoding="utf-8") as spec_file:
        spec = json.load(spec_file)
    try:
        import duckdb
    except ImportError as error:
        reply({"error": "duckdb", "message": str(error), "python": sys.version.split()[0]})
        return
    try:
        import pyarrow
    except ImportError:
        pyarrow = None  # only the 'native' type can run

    con = duckdb.connect(config={"threads": spec["threads"]})
    con.execute(spec["load_sql"])
    rows = con.execute("SELECT count(*) FROM lineitem").fetchone()[0]
    con.execute(f"CREATE TABLE lineitem_sample AS SELECT * FROM lineitem LIMIT {int(spec['native_rows'])}")
    sample_rows = con.execute("SELECT count(*) FROM lineitem_sample").fetchone()[0]

    queries = {}
    for query in spec["queries"]:
        queries[query["name"]] = query
        function = load(query)
        if pyarrow is not None:
            register(con, query, "arrow", arrow_udf(pyarrow, function, query))
        if query["kind"] == "scalar":
            register(con, query, "native", function)
    reply({"duckdb": duckdb.__version__, "python": sys.version.split()[0],
           "pyarrow": pyarrow.__version__ if pyarrow else None, "rows": rows, "sample_rows": sample_rows})
    for line in sys.stdin:
        request = json.loads(line)
        query = queries[request["query"]]
        # A 'native' UDF costs tens of microseconds a row: it runs over a sample.
        table, table_rows = ("lineitem_sample", sample_rows) if request["type"] == "native" else ("lineitem", rows)
        reply(timed(con, query, request["type"], table, table_rows))


def reply(message):
    print(json.dumps(message), flush=True)


def load(query):
    """The query's Python function, defined from its source the way Quiver defines it."""
    namespace = {"__name__": "udf_" + query["function"]}
    exec(compile(query["source"], f"udf_{query['function']}.py", "exec"), namespace)
    return namespace[query["function"]]


def arrow_udf(pyarrow, function, query):
    """Wraps the function for type='arrow': DuckDB passes one pyarrow array per argument and chunk."""
    result_type = {"DOUBLE": pyarrow.float64(), "VARCHAR": pyarrow.string(), "BIGINT": pyarrow.int64(),
                   "VARCHAR[]": pyarrow.list_(pyarrow.string())}[query["returns"]]
    # A 'workaround' (DuckDB's stand-in for a Python aggregate or table function) is a scalar function over
    # lists: list() per group, or a list that the SQL unnests.
    if query["kind"] == "numpy":
        # The numpy work itself, as Quiver's batch_format = 'numpy': arrays in, an array out.
        def call(*columns):
            return pyarrow.array(function(*(column.to_numpy(zero_copy_only=False) for column in columns)),
                                 type=result_type)
    elif query["kind"] == "vectorized":
        def call(*columns):
            return pyarrow.array(list(function(*(column.to_pylist() for column in columns))), type=result_type)
    else:
        def call(*columns):
            return pyarrow.array(list(map(function, *(column.to_pylist() for column in columns))), type=result_type)
    # create_function counts the Python function's parameters: give the wrapper one per SQL argument.
    names = ", ".join(f"a{index}" for index in range(len(query["params"])))
    return eval(f"lambda {names}: call({names})", {"call": call})


def register(con, query, udf_type, function):
    """Registers the function as <name>_<type>: DuckDB keeps both types side by side."""
    name = f"{query['function']}_{udf_type}"
    # Two queries may share a function (median-few and median-many, the same source): DuckDB refuses
    # a second one by the same name, and remove_function does not free the name.
    if name in _REGISTERED:
        return
    con.create_function(name, function, query["params"], query["returns"],
                        type=udf_type, side_effects=False)
    _REGISTERED.add(name)


def timed(con, query, udf_type, table, rows):
    """One run of the query: wall and CPU seconds (every DuckDB thread's) and the answer."""
    sql = query["sql"].replace("{table}", table).replace(query["function"] + "(", f"{query['function']}_{udf_type}(")
    cpu = time.process_time()
    start = time.perf_counter()
    answer = con.execute(sql).fetchone()
    seconds = time.perf_counter() - start
    return {"query": query["name"], "type": udf_type, "rows": rows, "answer": list(answer), "seconds": seconds,
            "cpu_seconds": time.process_time() - cpu}


if __name__ == "__main__":
    main()
