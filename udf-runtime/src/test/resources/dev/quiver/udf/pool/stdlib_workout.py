"""Imports and really uses ~35 stdlib modules (StdlibIsolationTest).

digest(x) is deterministic: the test runs it in sub-interpreters and compares it with the
python executable running this same file, so every module must also compute the right thing.
"""
import array
import base64
import bisect
import collections
import csv
import ctypes
import datetime
import decimal
import fractions
import functools
import gzip
import hashlib
import heapq
import hmac
import io
import itertools
import json
import math
import operator
import pickle
import random
import re
import sqlite3
import statistics
import string
import struct
import textwrap
import time
import unicodedata
import urllib.parse
import uuid
import zlib
import zoneinfo
from xml.etree import ElementTree


def digest(x):
    facts = []
    add = facts.append
    add(math.isclose(math.sqrt(x * x), abs(x), rel_tol=1e-9, abs_tol=0.0))  # keyword args (gh-119213)
    add(json.loads(json.dumps({"x": x, "list": [x, str(x)]}, sort_keys=True, indent=1)))
    add(re.sub(r"(\d)", r"<\1>", f"n{x}n", count=2, flags=re.ASCII))
    day = datetime.date(1969, 12, 31) + datetime.timedelta(days=x)
    add((day.isoformat(), day.weekday(), datetime.datetime(2000, 1, 1, 12, 30, x % 60, 1).isoformat()))
    with decimal.localcontext(prec=50, rounding=decimal.ROUND_HALF_EVEN):
        add(str(decimal.Decimal(x) / decimal.Decimal(7)))
    add(hashlib.sha256(str(x).encode()).hexdigest() + hashlib.blake2b(b"q", digest_size=8).hexdigest())
    add(zlib.crc32(zlib.decompress(zlib.compress(bytes(range(x % 200)) * 3, level=9))))
    add(gzip.decompress(gzip.compress(b"quiver" * x, compresslevel=1)) == b"quiver" * x)
    add(struct.unpack("<qd", struct.pack("<qd", x, x / 3)))
    add(array.array("d", [x, x / 2]).tobytes().hex())
    add((statistics.mean([x, x + 1, x + 5]), statistics.median([x, 2, 9]), round(statistics.stdev([1, 2, x + 3]), 9)))
    add(random.Random(x).random())
    add(unicodedata.normalize("NFKD", "é日ﬁ") + unicodedata.name("日"))
    counts = collections.Counter(str(x * 7919))
    add(sorted(counts.items()))
    add(list(collections.deque(range(x % 10), maxlen=3)))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerow([x, "a,b", 'q"q'])
    add(next(csv.reader(io.StringIO(out.getvalue()))))
    add(str(uuid.uuid5(uuid.NAMESPACE_DNS, f"row{x}.quiver.dev")))
    add(str(fractions.Fraction(x, 12) + fractions.Fraction(1, 3)))
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    add(datetime.datetime(2024, 7, 1, x % 24, tzinfo=paris).utcoffset().total_seconds())
    with sqlite3.connect(":memory:") as db:
        db.execute("create table t(v integer)")
        db.executemany("insert into t values (?)", [(v,) for v in range(x % 50)])
        add(db.execute("select count(*), coalesce(sum(v), 0) from t").fetchone())
    db.close()
    buffer = ctypes.create_string_buffer(b"abc", 8)
    add((ctypes.sizeof(ctypes.c_int64), buffer.raw.hex(), ctypes.c_int32(x).value))
    add(pickle.loads(pickle.dumps({"x": x, "t": (1, 2.5, "s")}, protocol=pickle.HIGHEST_PROTOCOL)))
    add(list(itertools.islice(itertools.accumulate(itertools.count(x)), 4)))
    add(functools.reduce(operator.mul, range(1, x % 12 + 2), 1))
    add(functools.lru_cache(maxsize=4)(lambda v: v * 2)(x))
    add(base64.b64encode(bytes([x % 256, 251, 255]), altchars=b"-_").decode())
    add(base64.b64decode(base64.b64encode(b"quiver"), validate=True))
    add(textwrap.fill("the quick brown fox " * 3, width=20, initial_indent="> "))
    add(string.Template("$who=$x").substitute(who="row", x=x) + string.ascii_letters[x % 52])
    heap = [x, 5, 1, 9, x // 2]
    heapq.heapify(heap)
    add(heapq.nsmallest(3, heap))
    ordered = [1, 4, 9]
    bisect.insort(ordered, x % 10)
    add(ordered)
    add(operator.itemgetter(1, 0)(("a", x)))
    add(hmac.new(b"key", str(x).encode(), digestmod="sha256").hexdigest()[:16])
    add(urllib.parse.urlencode({"q": f"x={x} & y", "n": x}, quote_via=urllib.parse.quote))
    add(ElementTree.tostring(ElementTree.fromstring(f"<r a='{x}'><c>t</c></r>"), encoding="unicode"))
    add(time.gmtime(86400 * x).tm_yday)
    return hashlib.sha256(repr(facts).encode()).hexdigest()


def f(xs):
    return [digest(x) for x in xs]


if __name__ == "__main__":
    import sys
    print("\n".join(digest(int(x)) for x in sys.argv[1:]))
