"""The DuckDB side of `quiver bench udf-sql`: the same Python UDFs through DuckDB's create_function.

Run by the benchmark with a regular CPython that has the `duckdb` package (DuckDB's Python client;
pyarrow too for the 'arrow' UDF type). Reads a JSON spec (argv[1]) naming a Parquet file of lineitem,
the SQL that loads it, and per query the function's source, signature and SQL (for Quiver's aggregate
and table functions, DuckDB's workaround: a scalar function over lists); writes one JSON
object to stdout. Nothing else goes to stdout: messages for people go to stderr.
"""
import json
import statistics
import sys
import time

_REGISTERED = set()  # names of the functions created on the one connection


def main():
    with open(sys.argv[1], encoding="utf-8") as spec_file:
        spec = json.load(spec_file)
    try:
        import duckdb
    except ImportError as error:
        print(json.dumps({"error": "duckdb", "message": str(error), "python": sys.version.split()[0]}))
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

    results = []
    for query in spec["queries"]:
        function = load(query)
        if pyarrow is not None:
            register(con, query, "arrow", arrow_udf(pyarrow, function, query))
            results.append(timed(con, query, "arrow", "lineitem", rows, spec["repeat"]))
        if query["kind"] == "scalar" and sample_rows > 0:
            # A 'native' UDF costs tens of microseconds a row: time it once, over a sample.
            register(con, query, "native", function)
            results.append(timed(con, query, "native", "lineitem_sample", sample_rows, 0))
    print(json.dumps({"duckdb": duckdb.__version__, "python": sys.version.split()[0],
                      "pyarrow": pyarrow.__version__ if pyarrow else None, "rows": rows, "results": results}))


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


def timed(con, query, udf_type, table, rows, repeat):
    """The median of `repeat` timed runs after one warm-up; with repeat 0, one timed run and no warm-up."""
    sql = query["sql"].replace("{table}", table).replace(query["function"] + "(", f"{query['function']}_{udf_type}(")
    if repeat > 0:
        con.execute(sql).fetchone()
    times = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        answer = con.execute(sql).fetchone()
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    print(f"DuckDB {query['name']:<10} {udf_type:<6} {seconds:.3f} s over {rows:,} rows", file=sys.stderr, flush=True)
    return {"query": query["name"], "type": udf_type, "rows": rows, "answer": list(answer), "seconds": seconds}


if __name__ == "__main__":
    main()
