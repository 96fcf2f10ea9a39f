"""The benchmark's bare loop: one plain python process, no Quiver, the limit for one core.

Started as ``python -I -c <this source> <udf source> <handler>`` by Quiver's ``bench udf`` (mode
``bare-loop``). Reads the row count (little-endian int64) and that many little-endian doubles from
stdin into an ``array('d')``, then for every byte that arrives on stdin runs
``array('d', map(udf, data))`` once, timed with ``time.perf_counter``, and prints one line:
``<seconds> <rows> <checksum>``, where the checksum is the sum of the results' IEEE-754 bits
modulo 2**64 (the same fingerprint the Java side computes).
"""

import struct
import sys
import time
from array import array


def main():
    source, handler = sys.argv[1], sys.argv[2]
    namespace = {"__name__": "udf"}
    exec(compile(source, "udf.py", "exec"), namespace)
    function = namespace[handler]
    stdin = sys.stdin.buffer
    (rows,) = struct.unpack("<q", stdin.read(8))
    data = array("d")
    data.frombytes(stdin.read(8 * rows))
    if len(data) != rows:
        raise SystemExit(f"expected {rows} values on stdin, got {len(data)}")
    while stdin.read(1):
        start = time.perf_counter()
        results = array("d", map(function, data))
        seconds = time.perf_counter() - start
        checksum = sum(memoryview(results).cast("B").cast("q")) % 2**64
        print(seconds, len(results), checksum, flush=True)


if __name__ == "__main__":
    main()
