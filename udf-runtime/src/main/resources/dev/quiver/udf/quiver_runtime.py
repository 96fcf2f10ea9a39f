"""Quiver's Python-side runtime, executed as module ``_quiver_runtime`` in every sub-interpreter
before any user code.

Java hands each batch over *by address*: every Arrow buffer arrives as a raw memoryview created with
PyMemoryView_FromMemory. This module turns those views into Python values for the UDF, calls it,
and writes the results back (fixed width: straight into the output vector's buffer; variable
width: returned as one bytes object that Java copies once). It never lets the UDF see a raw view,
and it releases every view it derived before returning, so Java can tell whether the UDF kept one.

Every entry point returns a reply tuple ``(status, row, type_name, message, traceback, *payload)``
instead of raising, so Java reads one shape. Statuses are mirrored by ``RuntimeReply.Status``.
"""

import sys
import builtins as _builtins_module

# --- Private builtins: must run before any user code. -------------------------------------------
# A function may rebind names in the interpreter's shared builtins module (builtins.map = ...).
# This runtime resolves builtin names in its own snapshot, taken before any user code ran, so no
# function can change how Quiver itself works; each function's module gets a copy of the same
# snapshot, and the shared module is put back after every call that changed it (see restore).
_SHARED_BUILTINS = _builtins_module.__dict__
_PRISTINE_BUILTINS = dict(_SHARED_BUILTINS)
__builtins__ = dict(_PRISTINE_BUILTINS)  # functions defined below look names up here

# --- Import blocker: must run before anything imports datetime. ------------------------------
# CPython 3.13's C _datetime and _zoneinfo crash at interpreter teardown when two or more own-GIL
# interpreters are alive (measured on 3.13.0). Refusing them makes datetime and zoneinfo fall back
# to their pure-Python twins. Kept per version: the stdlib stress test (StdlibIsolationTest) checks
# the Python in use, and entries go away as CPython fixes land.
_BLOCKED_BY_VERSION = {
    (3, 13): frozenset({"_datetime", "_zoneinfo"}),
}
# Set by quiver_worker.py when this module runs in a process-tier worker: a process of its own, so
# the sub-interpreter crash workarounds and the process-wide guards below do not apply there.
IN_PROCESS_WORKER = globals().get("_QUIVER_PROCESS_WORKER", False)
BLOCKED_IMPORTS = frozenset() if IN_PROCESS_WORKER else _BLOCKED_BY_VERSION.get(sys.version_info[:2], frozenset())


class _ImportBlocker:
    """A meta path finder that refuses the C modules known to crash with several own-GIL interpreters."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name in BLOCKED_IMPORTS:
            raise ModuleNotFoundError(
                f"{name} is disabled in Quiver's sub-interpreters on Python "
                f"{sys.version_info[0]}.{sys.version_info[1]} (it crashes with several own-GIL "
                f"interpreters); its pure-Python version is used instead", name=name)
        return None


sys.meta_path.insert(0, _ImportBlocker)

import decimal  # noqa: E402  (everything below may import datetime, so it follows the blocker)
import gc  # noqa: E402
import linecache  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from array import array  # noqa: E402
from contextvars import Context as _FreshContext  # noqa: E402
from datetime import date, datetime, time as _time, timedelta, timezone  # noqa: E402
import re as _re  # noqa: E402
from bisect import bisect_right as _bisect_right  # noqa: E402
from collections import deque as _consume  # noqa: E402  (deque(iterator, 0) runs an iterator out in C)
from collections.abc import Mapping as _Mapping  # noqa: E402
from struct import Struct as _Struct  # noqa: E402
from uuid import UUID as _UUID  # noqa: E402
from itertools import accumulate, pairwise, repeat, starmap  # noqa: E402
from json import loads as _json_loads  # noqa: E402
from operator import is_not, le as _is_subset, le as _less_or_equal, ne as _not_equal  # noqa: E402
from traceback import format_exception as _format_exception  # noqa: E402
from types import ModuleType as _ModuleType  # noqa: E402
from inspect import signature as _signature, isgeneratorfunction as _isgeneratorfunction  # noqa: E402
from itertools import compress as _compress, count as _count, islice as _islice  # noqa: E402
from pickle import dumps as _pickle_dumps, loads as _pickle_loads  # noqa: E402
from operator import itemgetter as _itemgetter  # noqa: E402
from importlib import invalidate_caches as _invalidate_import_caches  # noqa: E402

# Private references to everything this runtime calls in shared modules: a function that patches
# json.loads or decimal.Decimal changes its own results at most, never Quiver's protocol.
_Decimal = decimal.Decimal
_LINECACHE = linecache.cache
_get_ident = threading.get_ident
_enumerate_threads = threading.enumerate
_main_thread = threading.main_thread
_monotonic = time.monotonic

# Reply statuses (RuntimeReply.Status on the Java side).
OK = 0
PYTHON_ERROR = 1      # the UDF raised
BAD_RESULT = 2        # wrong Python type, out of range, wrong length
CANCELLED = 3         # QuiverCancelled arrived (a cancel or a deadline)
ESCAPED_VIEW = 4      # the UDF kept a view of batch memory
DEFINITION_ERROR = 5  # the source does not compile, import or define the handler
INTERNAL_ERROR = 6    # a bug in Quiver
BAD_ARGUMENT = 7      # an argument value has no Python equivalent (invalid UTF-8, year 0)

_RUNTIME_FILE = __file__ if "__file__" in globals() else "<quiver_runtime>"


class QuiverCancelled(BaseException):
    """Raised inside a running UDF when its call is cancelled or passes its deadline.

    A BaseException, so a UDF's ``except Exception`` does not swallow it.
    """


class _BadResult(Exception):
    def __init__(self, row, type_name, message, detail=None):
        super().__init__(message)
        self.row = row
        self.type_name = type_name
        self.detail = detail  # "expected int for BIGINT, got str 'x'", for messages with a path


# --- Cancellation ------------------------------------------------------------------------------
# Java's interrupter thread sets this event (under this interpreter's GIL) and raises QuiverCancelled
# in the worker thread with PyThreadState_SetAsyncExc. The async exception only lands between
# bytecodes, so time.sleep is replaced by a wait on the event, which the interrupter can cut short.
_cancel_event = threading.Event()
_original_sleep = time.sleep
# The runtime is loaded on the worker thread that makes every call, so this is the thread a cancel
# is meant for; a function's own background threads sleep as usual.
_WORKER_THREAD = _get_ident()


def _interruptible_sleep(seconds):
    if _get_ident() != _WORKER_THREAD:
        return _original_sleep(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    if _cancel_event.wait(seconds):
        raise QuiverCancelled("cancelled while sleeping")


time.sleep = _interruptible_sleep
# Let a waiting interrupter take the GIL within ~0.5 ms instead of the default 5 ms.
_SWITCH_INTERVAL = 0.0005
sys.setswitchinterval(_SWITCH_INTERVAL)


# --- Process-wide operations ------------------------------------------------------------------
# A function runs inside a database process that other queries, sessions and the JVM share. These
# calls would act on the whole process (end it, move its working directory, take its signals), so
# inside a function they raise instead. They stop accidents, not attackers: this is not a sandbox.
_OWN_PID = os.getpid()


def _refusal(qualified_name, why):
    def refused(*args, **kwargs):
        raise PermissionError(f"{qualified_name}() is not allowed in a Quiver Python function: {why}")
    refused.__name__ = refused.__qualname__ = qualified_name.rpartition(".")[2]
    return refused


_ENDS_PROCESS = "it would end the whole database process, not just this function"
_SIGNALS = "signals belong to the whole database process (the JVM), not to one function"
_CWD = ("the working directory is shared by the whole database process; use absolute paths "
        "(os.path.join(base, name)) instead")


def _guarded_kill(kill, qualified_name):
    own_group = os.getpgrp()

    def guarded(target, sig):
        if target in (0, -1, _OWN_PID, -own_group):
            raise PermissionError(f"{qualified_name}() of the database's own process or process group is not "
                                  f"allowed in a Quiver Python function: {_ENDS_PROCESS}")
        return kill(target, sig)
    guarded.__name__ = guarded.__qualname__ = qualified_name.rpartition(".")[2]
    return guarded


def _guarded_killpg(killpg):
    own_group = os.getpgrp()

    def killpg_guarded(group, sig):
        if group in (0, own_group):
            raise PermissionError("os.killpg() of the database's own process group is not allowed in a "
                                  f"Quiver Python function: {_ENDS_PROCESS}")
        return killpg(group, sig)
    killpg_guarded.__name__ = killpg_guarded.__qualname__ = "killpg"
    return killpg_guarded


_GUARDS = {
    "_exit": _refusal("os._exit", _ENDS_PROCESS),
    "abort": _refusal("os.abort", _ENDS_PROCESS),
    "chdir": _refusal("os.chdir", _CWD),
    "fchdir": _refusal("os.fchdir", _CWD),
    "kill": _guarded_kill(os.kill, "os.kill"),
    "killpg": _guarded_killpg(os.killpg),
}
_SIGNAL_GUARDS = {name: _refusal("signal." + name, _SIGNALS) for name in (
    "signal", "alarm", "setitimer", "pthread_kill", "raise_signal", "siginterrupt", "set_wakeup_fd")}

# namespace -> {name: value} that a function must not change for the functions that run after it.
# os and posix (and signal and _signal) hold the same functions: both are guarded.
_PINNED = {}
if IN_PROCESS_WORKER:
    # In a worker process these calls end or signal that worker only, which Quiver contains.
    _GUARDS, _SIGNAL_GUARDS = {}, {}
for _namespace in (os.__dict__, sys.modules[os.name].__dict__):
    _PINNED.setdefault(id(_namespace), (_namespace, {}))[1].update(
        (name, guard) for name, guard in _GUARDS.items() if name in _namespace)
for _namespace in (signal.__dict__, sys.modules["_signal"].__dict__):
    _PINNED.setdefault(id(_namespace), (_namespace, {}))[1].update(
        (name, guard) for name, guard in _SIGNAL_GUARDS.items() if name in _namespace)
# print() in a function must never reach the CLI's standard output, where query results go.
_PINNED[id(sys.__dict__)] = (sys.__dict__, {"stdout": sys.stderr})
_PINNED[id(time.__dict__)] = (time.__dict__, {"sleep": _interruptible_sleep})
_PINNED = list(_PINNED.values())
for _namespace, _pins in _PINNED:
    _namespace.update(_pins)

def interrupt():
    """Called by Java's interrupter thread, holding this interpreter's GIL."""
    _cancel_event.set()


# --- Types ---------------------------------------------------------------------------------------
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ONE_MICROSECOND = timedelta(microseconds=1)
# INTERVAL values as Arrow's MONTH_DAY_NANO lays them out: int32 months, int32 days, int64 nanos.
_INTERVAL = _Struct("<iiq")
_HUGEINT_LIMIT = 10 ** 38
_FIXED_FORMATS = {
    "TINYINT": "b", "SMALLINT": "h", "INTEGER": "i", "BIGINT": "q", "REAL": "f", "DOUBLE": "d",
}
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT"}
# Wide enough for DECIMAL(38, s) values and their rounding, so no context ever rounds silently.
_DECIMAL_CONTEXT = decimal.Context(prec=80, rounding=decimal.ROUND_HALF_UP,
                                   Emin=-999999, Emax=999999)


class _Type:
    """A SQL type as this runtime sees it: a tree parsed once from Java's spelling (UdfType.sql()).

    `name` is the family (INTEGER, DECIMAL, LIST, ARRAY, STRUCT, MAP ...); `children` the element
    (LIST, ARRAY), key and value (MAP) or fields (STRUCT, named in `field_names`); `nodes` counts
    the tree's nodes: each has one (mask, offsets, data) triple of buffers, in pre-order.
    """

    __slots__ = ("name", "precision", "scale", "size", "children", "field_names", "sql", "nodes")

    def __init__(self, code):
        parsed = _TypeParser(code).parse()
        for slot in _Type.__slots__:
            setattr(self, slot, getattr(parsed, slot))

    @classmethod
    def _node(cls, name, sql, children=(), field_names=(), precision=0, scale=0, size=0):
        node = cls.__new__(cls)
        node.name, node.sql, node.precision, node.scale, node.size = name, sql, precision, scale, size
        node.children, node.field_names = list(children), list(field_names)
        node.nodes = 1 + sum(child.nodes for child in node.children)
        return node


_TOKEN = _re.compile(r'\s*(?:("(?:[^"]|"")*")|([A-Za-z_][A-Za-z0-9_]*)|(\d+)|(\S))')


class _TypeParser:
    """Recursive descent over DuckDB's type spelling: `INTEGER[]`, `VARCHAR[3]`, `DECIMAL(10,2)`,
    `STRUCT(a INTEGER, "b c" MAP(VARCHAR, DOUBLE[]))`, `TIMESTAMP WITH TIME ZONE`."""

    def __init__(self, code):
        self.code = code
        self.tokens = [(quoted, word, number, other) for quoted, word, number, other in _TOKEN.findall(code)]
        self.position = 0

    def parse(self):
        parsed = self.type()
        if self.position != len(self.tokens):
            raise ValueError(f"unexpected text after the type in {self.code!r}")
        return parsed

    def peek(self):
        return self.tokens[self.position] if self.position < len(self.tokens) else ("", "", "", "")

    def take(self, expected=None):
        token = self.peek()
        text = token[0] or token[1] or token[2] or token[3]
        if not text or (expected is not None and text.upper() != expected):
            raise ValueError(f"expected {expected or 'more'} in type {self.code!r}")
        self.position += 1
        return token

    def type(self):
        word = self.take()[1].upper()
        if word == "STRUCT":
            self.take("(")
            names, children = [], []
            while True:
                quoted, plain, _, _ = self.take()
                names.append(quoted[1:-1].replace('""', '"') if quoted else plain)
                children.append(self.type())
                if self.take()[3] == ")":
                    break
            fields = ", ".join(_quote_field(name) + " " + child.sql for name, child in zip(names, children))
            node = _Type._node("STRUCT", f"STRUCT({fields})", children, names)
        elif word == "MAP":
            self.take("(")
            key = self.type()
            self.take(",")
            value = self.type()
            self.take(")")
            node = _Type._node("MAP", f"MAP({key.sql}, {value.sql})", (key, value), ("key", "value"))
        elif word == "DECIMAL":
            self.take("(")
            precision = int(self.take()[2])
            self.take(",")
            scale = int(self.take()[2])
            self.take(")")
            node = _Type._node("DECIMAL", f"DECIMAL({precision},{scale})", precision=precision, scale=scale)
        elif word == "TIMESTAMP" and self.peek()[1].upper() == "WITH":
            for expected in ("WITH", "TIME", "ZONE"):
                self.take(expected)
            node = _Type._node("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE")
        else:
            node = _Type._node(word, word)
        while self.peek()[3] == "[":
            self.take("[")
            size = self.peek()[2]
            if size:
                self.take()
                node = _Type._node("ARRAY", f"{node.sql}[{size}]", (node,), ("element",), size=int(size))
            else:
                node = _Type._node("LIST", f"{node.sql}[]", (node,), ("element",))
            self.take("]")
        return node


def _quote_field(name):
    return name if _re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else '"' + name.replace('"', '""') + '"'


class _Misfit(Exception):
    """A value that does not fit its SQL type, found inside a column: `index` is its position in the
    list being converted, `path` where it sits inside the value (outermost first, filled in as the
    exception passes each nesting level) and `detail` what is wrong."""

    def __init__(self, index, type_name, detail):
        super().__init__(detail)
        self.index, self.type_name, self.detail, self.path = index, type_name, detail, []

    def moved(self, index, step):
        """The same problem one level up: at `index` of the parent list, inside `step`."""
        self.index = index
        self.path.insert(0, step)
        return self

    def describe(self):
        return ": ".join(self.path + [self.detail])


def _date_from_days(days):
    return date.fromordinal(days + _EPOCH_ORDINAL)


def _timestamp_from_micros(micros):
    return _EPOCH + timedelta(microseconds=micros)


def _timestamptz_from_micros(micros):
    return _EPOCH_UTC + timedelta(microseconds=micros)


def _time_from_micros(micros):
    seconds, micro = divmod(micros, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return _time(hour, minute, second, micro)


# Temporal types whose values are one int per row: (memoryview format, converter).
_TEMPORAL_DECODERS = {
    "DATE": ("i", _date_from_days),
    "TIMESTAMP": ("q", _timestamp_from_micros),
    "TIMESTAMPTZ": ("q", _timestamptz_from_micros),
    "TIME": ("q", _time_from_micros),
}


def _decode(sql_type, nrows, mask, offsets, data, derived):
    """Python values for one column of a scalar type. `derived` collects every view made here."""
    name = sql_type.name
    if name in _FIXED_FORMATS:
        view = data.cast(_FIXED_FORMATS[name])
        derived.append(view)
        # Zero copy: the UDF iterates the Arrow buffer itself (read-only; a vectorized UDF gets
        # the view as its sequence, and the escape check guards what it keeps).
        values = view
    elif name == "BOOLEAN":
        values = list(map(bool, data))  # Java unpacked the bits into one byte per row
    elif name == "DECIMAL":
        raw = bytes(data)
        scale = -sql_type.scale
        make = _Decimal
        values = [make(int.from_bytes(raw[start:start + 16], "little", signed=True))
                  .scaleb(scale, _DECIMAL_CONTEXT) for start in range(0, 16 * nrows, 16)]
    elif name == "HUGEINT":
        raw = bytes(data)
        values = [int.from_bytes(raw[start:start + 16], "little", signed=True) for start in range(0, 16 * nrows, 16)]
    elif name == "UUID":
        raw = bytes(data)
        make = _UUID
        values = [make(bytes=raw[start:start + 16]) for start in range(0, 16 * nrows, 16)]
    elif name == "INTERVAL":
        values = []
        for row, (months, days, nanos) in enumerate(_INTERVAL.iter_unpack(data)):
            if months and (mask is None or mask[row]):
                raise _Misfit(row, "ValueError", f"the INTERVAL value {_interval_text(months, days, nanos)} has a "
                              f"month part, which a Python datetime.timedelta cannot hold (a month has no fixed "
                              f"length); pass days instead, e.g. INTERVAL '30 days'")
            values.append(timedelta(days=days, microseconds=nanos // 1000))
    elif name in ("VARCHAR", "VARBINARY"):
        offset_view = offsets.cast("i")
        derived.append(offset_view)
        bounds = offset_view.tolist()
        raw = bytes(data)
        if name == "VARBINARY":
            values = [raw[start:end] for start, end in pairwise(bounds)]
        elif raw.isascii():
            text = raw.decode("ascii")
            values = [text[start:end] for start, end in pairwise(bounds)]
        else:
            values = [raw[start:end].decode("utf-8") for start, end in pairwise(bounds)]
    elif name in _TEMPORAL_DECODERS:
        fmt, convert = _TEMPORAL_DECODERS[name]
        view = data.cast(fmt)
        derived.append(view)
        if mask is None:
            return list(map(convert, view))
        # Arrow leaves whatever bytes a NULL slot held, which may be out of datetime's range:
        # convert valid slots only.
        return [convert(value) if valid else None for value, valid in zip(view, mask)]
    else:
        raise ValueError(f"unsupported argument type {sql_type.sql}")
    if mask is not None:
        values = [value if valid else None for value, valid in zip(values, mask)]
    return values


def _interval_text(months, days, nanos):
    return f"{months} months {days} days {nanos // 1000} microseconds"


class _ListColumn(list):
    """A vectorized function's LIST argument: a list of lists, plus, when the elements are a
    fixed-width number type without NULLs, the Arrow buffers themselves for fast paths:
    `offsets` (int32, one more than rows; row i's elements are values[offsets[i]:offsets[i + 1]])
    and `values` (the elements, a read-only memoryview of the element's format). Both are valid
    during the call only."""

    __slots__ = ("offsets", "values")


def _decode_node(function, sql_type, nrows, views, position, derived, top=False):
    """(values, next position): the Python values of the column whose node triples start at
    views[position]. Nested values are decoded from offsets and child buffers, bottom up."""
    if not sql_type.children:
        mask, offsets, data = views[position:position + 3]
        try:
            values = _decode(sql_type, nrows, mask, offsets, data, derived)
        except (ValueError, OverflowError) as exc:  # UnicodeDecodeError is a ValueError
            row, what = _bad_value(sql_type, mask, offsets, data, exc)
            raise _Misfit(row, type(exc).__name__, f"the {sql_type.sql} value {what}") from None
        if not top and type(values) is memoryview:
            values = values.tolist()
        return values, position + 3
    mask, offsets, _ = views[position:position + 3]
    position += 3
    name = sql_type.name
    if name == "STRUCT":
        columns = []
        for field_name, child in zip(sql_type.field_names, sql_type.children):
            try:
                column, position = _decode_node(function, child, nrows, views, position, derived)
            except _Misfit as misfit:
                raise misfit.moved(misfit.index, f"field {field_name} of the struct") from None
            columns.append(column)
        names = sql_type.field_names
        values = [dict(zip(names, row)) for row in zip(*columns)]
    elif name == "ARRAY":
        size = sql_type.size
        try:
            child, position = _decode_node(function, sql_type.children[0], nrows * size, views, position, derived)
        except _Misfit as misfit:
            raise misfit.moved(misfit.index // size, f"element {misfit.index % size} of the array") from None
        values = [child[start:start + size] for start in range(0, nrows * size, size)]
    else:  # LIST or MAP: int32 offsets into the children
        offset_view = offsets.cast("i")
        derived.append(offset_view)
        bounds = offset_view.tolist()
        count = bounds[-1] if bounds else 0
        children = []
        for what, child in zip(("element", "key", "value") if name == "MAP" else ("element",), sql_type.children):
            try:
                decoded, position = _decode_node(function, child, count, views, position, derived)
            except _Misfit as misfit:
                row = _bisect_right(bounds, misfit.index) - 1
                step = (f"element {misfit.index - bounds[row]} of the list" if name == "LIST"
                        else f"{what} of entry {misfit.index - bounds[row]} of the map")
                raise misfit.moved(row, step) from None
            children.append(decoded)
        if name == "LIST":
            child = children[0]
            values = [child[start:end] for start, end in pairwise(bounds)]
            element = sql_type.children[0]
            if top and function.vectorized and element.name in _FIXED_FORMATS and views[position - 3] is None:
                if mask is not None:
                    values = [value if valid else None for value, valid in zip(values, mask)]
                values = _ListColumn(values)
                values.offsets = offset_view
                values.values = derived[-1]  # the element buffer, as _decode cast it
                return values, position
        else:
            keys, items = children
            if sql_type.children[0].name in ("LIST", "ARRAY", "STRUCT", "MAP"):
                keys = list(map(_frozen, keys))  # dict keys must be hashable: lists become tuples
            values = [dict(zip(keys[start:end], items[start:end])) for start, end in pairwise(bounds)]
    if mask is not None:
        values = [value if valid else None for value, valid in zip(values, mask)]
    return values, position


class _BadArgument(Exception):
    def __init__(self, row, type_name, message):
        super().__init__(message)
        self.row = row
        self.type_name = type_name


def _bad_value(sql_type, mask, offsets, data, exc):
    """(row, what is wrong) for the first value of a column that cannot become a Python value.

    Only reached after a whole-column conversion failed, so the per-row loop costs nothing normally.
    """
    row = -1
    if sql_type.name == "VARCHAR":
        bounds = offsets.cast("i").tolist()
        raw = bytes(data)
        for candidate, (start, end) in enumerate(pairwise(bounds)):
            if (mask is None or mask[candidate]) and not _is_utf8(raw[start:end]):
                row = candidate
                break
        what = "is not valid UTF-8"
    elif sql_type.name in _TEMPORAL_DECODERS:
        fmt, convert = _TEMPORAL_DECODERS[sql_type.name]
        for candidate, value in enumerate(data.cast(fmt)):
            if mask is None or mask[candidate]:
                try:
                    convert(value)
                except (ValueError, OverflowError):
                    row = candidate
                    break
        what = ("is not a time of day (0 to 24 hours)" if sql_type.name == "TIME" else
                "is outside the range Python's datetime supports (years 1 to 9999)")
    else:
        what = f"cannot be converted to Python ({type(exc).__name__}: {exc})"
    return row, what


def _bad_argument(function, index, misfit):
    """The error for argument `index`'s value that does not fit, found while decoding the column."""
    return _BadArgument(misfit.index, misfit.type_name,
                        f"argument {index + 1} of function {function.name} at row {{row}}: {misfit.describe()}")


def _is_utf8(raw):
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _python_type_name(value):
    return type(value).__name__


def _wrong_type(function_name, sql_type, row, value, expected):
    return _BadResult(row, _python_type_name(value),
                      f"function {function_name} returned {_python_type_name(value)} "
                      f"{_short_repr(value)} at row {{row}}, expected {expected} for SQL type {sql_type.sql}",
                      f"expected {expected} for {sql_type.sql}, got {_python_type_name(value)} {_short_repr(value)}")


def _short_repr(value, limit=60):
    try:
        text = repr(value)
    except BaseException as exc:  # a user object whose __repr__ raises: say so, do not fail
        return f"<{_python_type_name(value)} object; repr() raised {type(exc).__name__}>"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _safe_str(exc):
    """str(exc), or a placeholder when the exception's __str__ itself raises or returns a non-str."""
    try:
        text = str(exc)
    except BaseException as failure:
        return f"<message unavailable: {type(exc).__name__}.__str__ raised {type(failure).__name__}>"
    return text


def _arguments_at(columns, row):
    """The failing row's argument values, each shortened, for the error message ("" if unknown)."""
    if columns is None or row < 0:
        return ""
    try:
        text = ", ".join(_short_repr(column[row], 40) for column in columns)
    except BaseException:  # a released view or an odd sequence from a vectorized function
        return ""
    return text if len(text) <= 200 else text[:197] + "..."


def _null_mask(results):
    """None when every result is a value, else bytes with 1 for a value and 0 for None."""
    mask = bytes(map(is_not, results, repeat(None)))
    return None if mask.count(0) == 0 else mask


def _encode_fixed(function, results, out_view, derived):
    sql_type = function.return_type
    fmt = _FIXED_FORMATS[sql_type.name]
    out = out_view.cast(fmt)
    derived.append(out)
    if isinstance(results, array):
        out[:] = results
        return None
    try:
        out[:] = array(fmt, results)
        return None
    except (TypeError, OverflowError):
        pass
    mask = _null_mask(results)
    placeholder = 0
    filled = results if mask is None else [placeholder if v is None else v for v in results]
    try:
        out[:] = array(fmt, filled)
        return mask
    except (TypeError, OverflowError):
        pass
    for row, value in enumerate(results):
        if value is None:
            continue
        try:
            array(fmt, [value])
        except TypeError:
            expected = "int" if sql_type.name in _INTEGER_TYPES else "float or int"
            raise _wrong_type(function.name, sql_type, row, value, expected)
        except OverflowError:
            raise _BadResult(row, _python_type_name(value),
                             f"function {function.name} returned {_short_repr(value)} at row {{row}}, "
                             f"which is out of range for SQL type {sql_type.sql}")
    raise AssertionError("array() failed but no single value does")


def _encode_boolean(function, results, out_view):
    # Java packs the bytes into the output BitVector.
    for row, value in enumerate(results):
        if value is not None and type(value) is not bool:
            raise _wrong_type(function.name, function.return_type, row, value, "bool")
    mask = _null_mask(results)
    out_view[:] = bytes(False if v is None else v for v in results) if mask else bytes(results)
    return mask


def _encode_decimal(function, results, out_view):
    sql_type = function.return_type
    quantum = _Decimal(1).scaleb(-sql_type.scale)
    limit = 10 ** sql_type.precision
    chunks = []
    zero = bytes(16)
    for row, value in enumerate(results):
        if value is None:
            chunks.append(zero)
            continue
        if isinstance(value, int):
            value = _Decimal(value)
        elif not isinstance(value, _Decimal):
            raise _wrong_type(function.name, sql_type, row, value, "decimal.Decimal or int")
        if not value.is_finite():
            raise _BadResult(row, "Decimal", f"function {function.name} returned {value} at row "
                             f"{{row}}, which is not a finite number for SQL type {sql_type.sql}")
        # |value| >= 10 ** (precision - scale) cannot fit; checking first also keeps quantize()
        # within the context's 80 digits (Decimal('1e100') would raise InvalidOperation there).
        too_large = value and value.adjusted() >= sql_type.precision - sql_type.scale
        unscaled = 0 if too_large else int(value.quantize(quantum, context=_DECIMAL_CONTEXT)
                                           .scaleb(sql_type.scale, _DECIMAL_CONTEXT))
        if too_large or not -limit < unscaled < limit:
            raise _BadResult(row, "Decimal", f"function {function.name} returned {value} at row "
                             f"{{row}}, which is out of range for SQL type {sql_type.sql}")
        chunks.append(unscaled.to_bytes(16, "little", signed=True))
    out_view[:] = b"".join(chunks)
    return _null_mask(results)


def _encode_temporal(function, results, out_view, derived):
    sql_type = function.return_type
    is_date = sql_type.name == "DATE"
    numbers = []
    for row, value in enumerate(results):
        if value is None:
            numbers.append(0)
        elif is_date:
            if type(value) is not date:
                raise _wrong_type(function.name, sql_type, row, value, "datetime.date")
            numbers.append(value.toordinal() - _EPOCH_ORDINAL)
        else:
            if not isinstance(value, datetime):
                raise _wrong_type(function.name, sql_type, row, value, "datetime.datetime")
            if value.tzinfo is not None:  # TIMESTAMP has no zone: store the UTC wall time
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
            numbers.append((value - _EPOCH) // _ONE_MICROSECOND)
    out = out_view.cast("i" if is_date else "q")
    derived.append(out)
    out[:] = array("i" if is_date else "q", numbers)
    return _null_mask(results)


_TEXT_TYPES, _BINARY_TYPES = frozenset((str,)), frozenset((bytes, bytearray))


def _encode_variable(function, results):
    """(mask, offsets bytes, data bytes) for VARCHAR or VARBINARY results."""
    sql_type = function.return_type
    is_text = sql_type.name == "VARCHAR"
    accepted = (str,) if is_text else (bytes, bytearray)
    mask = None
    # The type census runs in C (a generator over the values cost ~40 ns a value: a fifth of a
    # table function's output path).
    if not (_TEXT_TYPES if is_text else _BINARY_TYPES).issuperset(map(type, results)):
        for row, value in enumerate(results):
            if value is not None and not isinstance(value, accepted):
                raise _wrong_type(function.name, sql_type, row, value, "str" if is_text else "bytes")
        mask = _null_mask(results)
        empty = "" if is_text else b""
        results = [empty if v is None else v for v in results]
    if is_text:
        joined = "".join(results)
        if joined.isascii():
            data = joined.encode("ascii")
            lengths = map(len, results)
        else:
            encoded = []
            try:
                encoded.extend(map(str.encode, results))  # keeps the rows encoded before a failure
            except UnicodeEncodeError as exc:
                raise _BadResult(len(encoded), "str",
                                 f"function {function.name} returned a string that is not valid Unicode "
                                 f"({exc.reason}) at row {{row}}, expected UTF-8 text for SQL type "
                                 f"{sql_type.sql}") from None
            data = b"".join(encoded)
            lengths = map(len, encoded)
    else:
        data = b"".join(results)
        lengths = map(len, results)
    ends = array("i", accumulate(lengths, initial=0)) if len(data) < 2**31 else None
    if ends is None:
        raise _BadResult(-1, "str" if is_text else "bytes",
                         f"function {function.name} returned more than 2 GiB of {sql_type.sql} data in one batch")
    return mask, ends.tobytes(), data


def _encode_packed(function, results):
    """(mask, data bytes) for TIME, TIMESTAMPTZ, INTERVAL, UUID and HUGEINT results."""
    sql_type = function.return_type
    name = sql_type.name
    if name in ("TIME", "TIMESTAMPTZ"):
        numbers = []
        for row, value in enumerate(results):
            if value is None:
                numbers.append(0)
            elif name == "TIME":
                if not isinstance(value, _time) or value.tzinfo is not None:
                    raise _wrong_type(function.name, sql_type, row, value, "a naive datetime.time")
                numbers.append(((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond)
            else:
                if not isinstance(value, datetime):
                    raise _wrong_type(function.name, sql_type, row, value, "datetime.datetime")
                if value.tzinfo is not None:  # an instant: stored in UTC; a naive value is taken as UTC
                    value = value.astimezone(timezone.utc).replace(tzinfo=None)
                numbers.append((value - _EPOCH) // _ONE_MICROSECOND)
        return _null_mask(results), array("q", numbers).tobytes()
    chunks = []
    zero = bytes(16)
    for row, value in enumerate(results):
        if value is None:
            chunks.append(zero)
        elif name == "INTERVAL":
            if not isinstance(value, timedelta):
                raise _wrong_type(function.name, sql_type, row, value, "datetime.timedelta")
            # days and microseconds with one sign, as DuckDB holds timedelta(hours=-4): -04:00:00
            total = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
            days = abs(total) // 86_400_000_000 * (1 if total >= 0 else -1)
            chunks.append(_INTERVAL.pack(0, days, (total - days * 86_400_000_000) * 1000))
        elif name == "UUID":
            if isinstance(value, str):
                try:
                    value = _UUID(value)
                except ValueError:
                    raise _wrong_type(function.name, sql_type, row, value, "uuid.UUID or a UUID string") from None
            if not isinstance(value, _UUID):
                raise _wrong_type(function.name, sql_type, row, value, "uuid.UUID")
            chunks.append(value.bytes)
        else:  # HUGEINT
            if not isinstance(value, int):
                raise _wrong_type(function.name, sql_type, row, value, "int")
            if not -_HUGEINT_LIMIT < value < _HUGEINT_LIMIT:
                raise _BadResult(row, "int", f"function {function.name} returned {_short_repr(value)} at row "
                                 f"{{row}}, which is out of range for SQL type HUGEINT (at most 38 digits)",
                                 f"{_short_repr(value)} is out of range for HUGEINT (at most 38 digits)")
            chunks.append(value.to_bytes(16, "little", signed=True))
    return _null_mask(results), b"".join(chunks)


_PACKED_TYPES = {"TIME", "TIMESTAMPTZ", "INTERVAL", "UUID", "HUGEINT"}
_LEAF_WIDTHS = {"BOOLEAN": 1, "DECIMAL": 16, "DATE": 4, "TIMESTAMP": 8}


def _encode_results(function, results, out_view, derived):
    """The reply payload for results of the function's return type: (mask, offsets, data) for a
    scalar type (fixed-width data written straight into `out_view`), one such triple per node of
    the type tree, in pre-order, for a nested type."""
    sql_type = function.return_type
    name = sql_type.name
    if sql_type.children:
        slots = []
        try:
            _encode_tree(function.name, sql_type, results, slots)
        except _Misfit as misfit:
            raise _BadResult(misfit.index, misfit.type_name, f"function {function.name} returned a bad value at "
                             f"row {{row}}: {misfit.describe()}") from None
        return tuple(slots)
    if name in _FIXED_FORMATS:
        return _encode_fixed(function, results, out_view, derived), None, None
    if name == "BOOLEAN":
        return _encode_boolean(function, results, out_view), None, None
    if name == "DECIMAL":
        return _encode_decimal(function, results, out_view), None, None
    if name in ("DATE", "TIMESTAMP"):
        return _encode_temporal(function, results, out_view, derived), None, None
    if name in _PACKED_TYPES:
        mask, data = _encode_packed(function, results)
        out_view[:] = data
        return mask, None, None
    return _encode_variable(function, results)


def _encode_leaf(function_name, sql_type, values):
    """(mask, offsets, data) bytes for a list of values of a scalar type, or _Misfit."""
    target = _ColumnTarget(function_name, sql_type)
    name = sql_type.name
    try:
        if name in ("VARCHAR", "VARBINARY"):
            return _encode_variable(target, values)
        if name in _PACKED_TYPES:
            mask, data = _encode_packed(target, values)
            return mask, None, data
        width = _LEAF_WIDTHS.get(name) or array(_FIXED_FORMATS[name]).itemsize
        buffer = bytearray(width * len(values))
        out_view = memoryview(buffer)
        derived = []
        try:
            if name in _FIXED_FORMATS:
                mask = _encode_fixed(target, values, out_view, derived)
            elif name == "BOOLEAN":
                mask = _encode_boolean(target, values, out_view)
            elif name == "DECIMAL":
                mask = _encode_decimal(target, values, out_view)
            else:
                mask = _encode_temporal(target, values, out_view, derived)
        finally:
            for view in derived:
                view.release()
            out_view.release()
        return mask, None, bytes(buffer)
    except _BadResult as exc:
        flat = str(exc).replace(" at row {row}", "").replace(f"function {function_name} returned ", "")
        misfit = _Misfit(exc.row, exc.type_name, exc.detail or flat)
        misfit.flat_detail = flat
        raise misfit from None


def _wrong_shape(index, sql_type, value, expected):
    return _Misfit(index, _python_type_name(value),
                   f"expected {expected} for {sql_type.sql}, got {_python_type_name(value)} {_short_repr(value)}")


def _encode_tree(function_name, sql_type, values, slots):
    """Appends the (mask, offsets, data) bytes of `sql_type`'s node and of every node below it, in
    pre-order, for `values` (a list; None is NULL). Python flattens each level into offsets and
    child lists here, so Java copies every buffer once; _Misfit names the value that does not fit."""
    if not sql_type.children:
        slots.extend(_encode_leaf(function_name, sql_type, values))
        return
    name = sql_type.name
    mask = _null_mask(values)
    if name == "STRUCT":
        names = sql_type.field_names
        columns = [[] for _ in names]
        appenders = [column.append for column in columns]
        for row, value in enumerate(values):
            if value is None:
                for append in appenders:
                    append(None)
                continue
            if not isinstance(value, _Mapping):
                raise _wrong_shape(row, sql_type, value, "a dict (or another Mapping) of the fields")
            try:
                for append, field_name in zip(appenders, names):
                    append(value[field_name])
            except KeyError:
                missing = [field_name for field_name in names if field_name not in value]
                raise _wrong_shape(row, sql_type, value, f"a value for field {missing[0]}") from None
            if len(value) != len(names):
                extra = [key for key in value if key not in names]
                raise _Misfit(row, "dict", f"{_short_repr(extra[0])} is not a field of {sql_type.sql}")
        slots.extend((mask, None, None))
        for field_name, child, column in zip(names, sql_type.children, columns):
            try:
                _encode_tree(function_name, child, column, slots)
            except _Misfit as misfit:
                raise misfit.moved(misfit.index, f"field {field_name} of the struct") from None
        return
    if name == "ARRAY":
        size = sql_type.size
        flat = []
        extend = flat.extend
        padding = [None] * size
        for row, value in enumerate(values):
            if value is None:
                extend(padding)
            elif not isinstance(value, (list, tuple)):
                raise _wrong_shape(row, sql_type, value, "a list or tuple")
            elif len(value) != size:
                raise _Misfit(row, _python_type_name(value), f"expected {size} elements for {sql_type.sql}, got "
                              f"{len(value)}")
            else:
                extend(value)
        slots.extend((mask, None, None))
        try:
            _encode_tree(function_name, sql_type.children[0], flat, slots)
        except _Misfit as misfit:
            raise misfit.moved(misfit.index // size, f"element {misfit.index % size} of the array") from None
        return
    # LIST and MAP: int32 offsets into the flattened children.
    is_map = name == "MAP"
    lengths = []
    add_length = lengths.append
    keys, items = [], []
    extend_keys, extend_items = keys.extend, items.extend
    for row, value in enumerate(values):
        if value is None:
            add_length(0)
        elif is_map:
            if not isinstance(value, _Mapping):
                raise _wrong_shape(row, sql_type, value, "a dict (or another Mapping)")
            extend_keys(value.keys())
            extend_items(value.values())
            add_length(len(value))
        elif isinstance(value, (list, tuple)):
            extend_items(value)
            add_length(len(value))
        else:
            raise _wrong_shape(row, sql_type, value, "a list or tuple")
    bounds = list(accumulate(lengths, initial=0))
    if bounds[-1] >= 2**31:
        raise _Misfit(-1, "list", f"more than 2**31 - 1 {'entries' if is_map else 'elements'} in one batch")
    slots.extend((mask, array("i", bounds).tobytes(), None))
    children = ((("key", keys), ("value", items)) if is_map else (("element", items),))
    for (what, column), child in zip(children, sql_type.children):
        try:
            if is_map and what == "key" and None in column:
                position = column.index(None)
                raise _Misfit(position, "NoneType", "a map key is None; MAP keys cannot be NULL")
            _encode_tree(function_name, child, column, slots)
        except _Misfit as misfit:
            row = _bisect_right(bounds, misfit.index) - 1 if misfit.index >= 0 else -1
            offset = misfit.index - bounds[row] if row >= 0 else 0
            raise misfit.moved(row, f"{what} of entry {offset} of the map" if is_map
                               else f"element {offset} of the list") from None


class _UdfRaised(Exception):
    """The UDF raised `exc` at `row` of the batch."""

    def __init__(self, row, exc):
        super().__init__(row)
        self.row = row
        self.exc = exc


def _calls(function, columns, nrows):
    """An iterator calling the function once per row."""
    if columns:
        return map(function.call, *columns)
    return starmap(function.call, repeat((), nrows))


def _call_into_list(function, columns, nrows):
    results = []
    try:
        # extend() keeps the values appended before a raise, so len(results) is the failing row
        # without a per-row Python loop.
        results.extend(_calls(function, columns, nrows))
    except QuiverCancelled:
        raise
    except BaseException as exc:  # SystemExit from a UDF is its error, not Quiver's
        raise _UdfRaised(len(results), exc) from None
    return results


def _call_into_array(function, columns, nrows):
    """The fastest shape for fixed-width results: straight into an array, no list in between.

    Returns the array, or a list when a result is None or of a type the array refuses. That
    conversion failure loses the value, so the function is called once more for that row — the
    reason this path is kept for deterministic functions.
    """
    fmt = _FIXED_FORMATS[function.return_type.name]
    values = array(fmt)
    calls = _calls(function, columns, nrows)
    try:
        values.extend(calls)  # like list.extend, keeps what it appended before a raise
        return values
    except (TypeError, OverflowError) as exc:
        if exc.__traceback__.tb_next is not None:  # raised inside a Python-level UDF frame
            raise _UdfRaised(len(values), exc) from None
        row = len(values)
        try:
            value = function.call(*(column[row] for column in columns))
        except QuiverCancelled:
            raise
        except BaseException as again:
            raise _UdfRaised(row, again) from None
    except QuiverCancelled:
        raise
    except BaseException as exc:
        raise _UdfRaised(len(values), exc) from None
    results = values.tolist()
    results.append(value)
    try:
        results.extend(calls)
    except QuiverCancelled:
        raise
    except BaseException as exc:
        raise _UdfRaised(len(results), exc) from None
    return results


class _Function:
    """A compiled UDF in this interpreter."""

    __slots__ = ("name", "version", "call", "vectorized", "deterministic", "arg_types", "return_type",
                 "swallow_errors", "module", "source_lines", "batched", "result_columns", "is_class",
                 "batch_format")

    def __init__(self, spec, handler, module, source_lines):
        self.name = spec["name"]
        self.version = spec["version"]
        self.vectorized = spec["kind"] == "VECTORIZED"
        self.deterministic = spec["deterministic"]
        self.arg_types = [_Type(code) for code in spec["argument_types"]]
        self.return_type = _Type(spec["return_type"]) if spec["return_type"] else None
        # A table function's result columns: (name, type) pairs; empty for the other kinds.
        self.result_columns = [(column, _Type(code)) for column, code in spec.get("result_columns", ())]
        self.is_class = isinstance(handler, type)
        self.swallow_errors = spec["on_error"] == "NULL"
        self.batch_format = spec.get("batch_format", "lists")
        self.module = module
        self.source_lines = source_lines
        # An aggregate whose class has accumulate_batch takes a group's rows of a batch at once.
        self.batched = spec["kind"] == "AGGREGATE" and callable(getattr(handler, "accumulate_batch", None))
        if self.swallow_errors and not self.vectorized:
            def call(*args):
                try:
                    return handler(*args)
                except Exception:
                    return None
            self.call = call
        else:
            self.call = handler


_functions = {}


def _udf_traceback(exc):
    """The traceback text without this runtime's own frames, so it starts at the UDF."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == _RUNTIME_FILE:
        tb = tb.tb_next
    try:
        return "".join(_format_exception(type(exc), exc, tb))
    except BaseException as failure:  # e.g. linecache or traceback patched by a function
        return f"(traceback unavailable: formatting it raised {type(failure).__name__})"


def _error_reply(status, row, exc, arguments=""):
    return (status, row, type(exc).__qualname__, _safe_str(exc), _udf_traceback(exc), arguments)


# --- Interpreter-wide state ---------------------------------------------------------------------
# Functions share their interpreter. What one of them changes interpreter-wide is put back after
# every call, so it cannot change what another computes: the builtins module, the pinned
# functions above, sys.modules entries, the recursion limit, the switch interval, tracing and
# profiling hooks, the garbage collector switch, the import system's finders and search path
# (the import blocker first) and decimal's template context. (Each call also runs in a fresh
# contextvars context, so decimal.getcontext() changes die with the call.) Settings are checked
# after every call (~1 µs); namespaces only when CPython reports a change (see WATCHED).
_MODULES = sys.modules
_META_PATH = sys.meta_path
_PATH = sys.path
# The finders and search path entries present before any user code: a function may add its own
# (kept), but not remove or reorder these (put back in front).
_META_PATH_ORIGINAL = list(_META_PATH)
_PATH_ORIGINAL = list(_PATH)
next(pins for namespace, pins in _PINNED if namespace is sys.__dict__).update(
    modules=_MODULES, meta_path=_META_PATH, path=_PATH)
# Live views: "pins <= namespace" is one C-level subset test per namespace, identity first.
_PIN_VIEWS = tuple(pins.items() for _, pins in _PINNED)
_NAMESPACE_VIEWS = tuple(namespace.items() for namespace, _ in _PINNED)
_RECURSION_LIMIT = sys.getrecursionlimit()
_getrecursionlimit, _setrecursionlimit = sys.getrecursionlimit, sys.setrecursionlimit
_getswitchinterval, _setswitchinterval = sys.getswitchinterval, sys.setswitchinterval
_gettrace, _settrace, _getprofile, _setprofile = sys.gettrace, sys.settrace, sys.getprofile, sys.setprofile
_gc_isenabled, _gc_enable, _gc_collect = gc.isenabled, gc.enable, gc.collect
_gc_get_threshold, _gc_set_threshold = gc.get_threshold, gc.set_threshold
_GC_THRESHOLD = gc.get_threshold()
_DECIMAL_TEMPLATE = decimal.DefaultContext
_DECIMAL_FIELDS = ("prec", "rounding", "Emin", "Emax", "capitals", "clamp")
_DECIMAL_TEMPLATE_STATE = tuple(getattr(_DECIMAL_TEMPLATE, field) for field in _DECIMAL_FIELDS)
_DECIMAL_TEMPLATE_TRAPS = dict(_DECIMAL_TEMPLATE.traps)
_MISSING = object()


_known_modules = {}  # the sys.modules entries after the last call; set at the end of this file


def _repair_modules():
    """Puts back replaced or removed entries and drops new ones that are not modules (json = None)."""
    for name, module in _known_modules.items():
        if _MODULES.get(name, _MISSING) is not module:
            _MODULES[name] = module
    for name in [name for name, value in _MODULES.items() if not isinstance(value, _ModuleType)]:
        if name not in _known_modules:
            del _MODULES[name]
    _known_modules.clear()
    _known_modules.update(_MODULES)  # what a function imported (new modules) stays


def _restore_namespaces():
    """Puts back what a function changed in the watched namespaces (see WATCHED)."""
    # Dict equality compares values by identity first, in C. (An object whose __eq__ claims
    # equality to everything could slip through: a guard against accidents, not attackers.)
    if _SHARED_BUILTINS != _PRISTINE_BUILTINS:
        for name in [name for name in _SHARED_BUILTINS if name not in _PRISTINE_BUILTINS]:
            del _SHARED_BUILTINS[name]
        _SHARED_BUILTINS.update(_PRISTINE_BUILTINS)
    if not all(map(_is_subset, _PIN_VIEWS, _NAMESPACE_VIEWS)):
        for namespace, pins in _PINNED:
            namespace.update(pins)
    if _MODULES != _known_modules:
        _repair_modules()


def _restore_settings():
    """Puts back interpreter-wide settings that live outside dicts; run after every call (~1 µs)."""
    if _META_PATH[:len(_META_PATH_ORIGINAL)] != _META_PATH_ORIGINAL:
        _META_PATH[:] = _META_PATH_ORIGINAL + [finder for finder in _META_PATH if finder not in _META_PATH_ORIGINAL]
    if _PATH[:len(_PATH_ORIGINAL)] != _PATH_ORIGINAL:
        _PATH[:] = _PATH_ORIGINAL + [entry for entry in _PATH if entry not in _PATH_ORIGINAL]
    if _getrecursionlimit() != _RECURSION_LIMIT:
        _setrecursionlimit(_RECURSION_LIMIT)
    if _getswitchinterval() != _SWITCH_INTERVAL:
        _setswitchinterval(_SWITCH_INTERVAL)
    if _gettrace() is not None:
        _settrace(None)
    if _getprofile() is not None:
        _setprofile(None)
    if not _gc_isenabled():
        _gc_enable()
    if _gc_get_threshold() != _GC_THRESHOLD:
        _gc_set_threshold(*_GC_THRESHOLD)
    template = _DECIMAL_TEMPLATE
    if (template.prec, template.rounding, template.Emin, template.Emax, template.capitals,
            template.clamp) != _DECIMAL_TEMPLATE_STATE or template.traps != _DECIMAL_TEMPLATE_TRAPS:
        for field, value in zip(_DECIMAL_FIELDS, _DECIMAL_TEMPLATE_STATE):
            setattr(template, field, value)
        template.traps = dict(_DECIMAL_TEMPLATE_TRAPS)


# The namespaces _restore_namespaces guards. Comparing their ~300 entries after every call would
# cost several microseconds, so Java watches them instead (PyDict_Watch: CPython tells Java when
# one changes) and calls restore() only then: after the call that changed them, and before the
# next call if a function's own thread changed them in between.
WATCHED = (_SHARED_BUILTINS, _MODULES) + tuple(namespace for namespace, _ in _PINNED)


def restore():
    """Called by Java when a watched namespace changed. Returns a reply tuple."""
    _restore_namespaces()
    _restore_settings()
    return (OK, -1, "", "", "")


def set_path(joined):
    """Makes the search path the NUL-separated entries (the configured package path, then the
    installation's own sys.path, venv included), replacing the previous configured ones; entries a
    function added stay after them. Called by Java when the interpreter starts and when the package
    path changes. Returns a reply tuple."""
    global _PATH_ORIGINAL
    entries = [entry for entry in joined.split("\0") if entry]
    added = [entry for entry in _PATH if entry not in _PATH_ORIGINAL and entry not in entries]
    _PATH[:] = entries + added
    _PATH_ORIGINAL = entries
    _invalidate_import_caches()
    return (OK, -1, "", "", "")


def define(function_id, spec_json, source):
    """Compile and import a function's source in this interpreter. Returns a reply tuple."""
    try:
        return _FreshContext().run(_define, function_id, spec_json, source)
    finally:
        _restore_settings()


def _define(function_id, spec_json, source):
    try:
        # A cancel of an earlier call may have left the event set; module code may sleep too.
        _cancel_event.clear()
        spec = _json_loads(spec_json)
        name = spec["name"]
        filename = f"udf_{name}.py"
        # Registered so tracebacks show the UDF's own lines and carets.
        source_lines = (len(source), None, source.splitlines(True), filename)
        _LINECACHE[filename] = source_lines
        module = _ModuleType(f"udf_{name}")
        module.__file__ = filename
        # The function's own copy of the builtins: rebinding a builtin in one function's module
        # (or in the shared builtins module) never reaches another function's name lookups.
        module.__builtins__ = dict(_PRISTINE_BUILTINS)
        try:
            code = compile(source, filename, "exec")
            exec(code, module.__dict__)
        except QuiverCancelled:
            raise
        except BaseException as exc:  # SystemExit in module code is a definition error too
            reply = _error_reply(DEFINITION_ERROR, -1, exc)  # formatted while linecache has the source
            exc = None
            _release_module(module, source_lines)
            return reply
        handler = module.__dict__.get(spec["handler"])
        if handler is None:
            _release_module(module, source_lines)
            return (DEFINITION_ERROR, -1, "NameError",
                    f"the source of function {name} defines no '{spec['handler']}' to use as its handler", "")
        if not callable(handler):
            _release_module(module, source_lines)
            return (DEFINITION_ERROR, -1, "TypeError",
                    f"'{spec['handler']}' in the source of function {name} is a "
                    f"{type(handler).__name__}, not a function", "")
        batch_format = spec.get("batch_format", "lists")
        if batch_format != "lists":
            try:
                __import__(batch_format)
            except BaseException as exc:
                _release_module(module, source_lines)
                return (DEFINITION_ERROR, -1, type(exc).__qualname__,
                        f"batch_format = '{batch_format}' needs the {batch_format} package: {_safe_str(exc)}", "")
        if spec["kind"] == "AGGREGATE":
            problem = _aggregate_class_problem(handler, spec)
            if problem is not None:
                _release_module(module, source_lines)
                return (DEFINITION_ERROR, -1, "TypeError", problem, "")
        if spec["kind"] == "TABLE":
            problem = _table_handler_problem(handler, spec)
            if problem is not None:
                _release_module(module, source_lines)
                return (DEFINITION_ERROR, -1, "TypeError", problem, "")
        _functions[function_id] = _Function(spec, handler, module, source_lines)
        return (OK, -1, "", "", "")
    except QuiverCancelled as exc:
        return _error_reply(CANCELLED, -1, exc)
    except BaseException as exc:
        return _error_reply(INTERNAL_ERROR, -1, exc)


def _release_module(module, source_lines):
    """Frees a function's module now: its globals and functions form cycles only a collection frees."""
    module.__dict__.clear()
    if _LINECACHE.get(source_lines[3]) is source_lines:
        del _LINECACHE[source_lines[3]]
    _gc_collect()


def forget(function_id):
    """Drops a released function version and frees its memory. Returns a reply tuple."""
    try:
        function = _functions.pop(function_id, None)
        if function is not None:
            module, source_lines = function.module, function.source_lines
            function = None
            _release_module(module, source_lines)
        return (OK, -1, "", "", "")
    finally:
        _restore_settings()


def defined_version(function_id):
    function = _functions.get(function_id)
    return -1 if function is None else function.version


def lingering_threads(grace_millis):
    """Waits up to grace_millis for the threads functions started. Returns a reply tuple whose
    message describes the threads still running ("" when none).

    Ending an interpreter waits for all its non-daemon threads, forever if one never ends, so Java
    asks first and leaves such an interpreter running instead of hanging.
    """
    deadline = _monotonic() + grace_millis / 1000
    left = []
    for thread in _enumerate_threads():
        # threading's main thread is the process's (the JVM's), never one a function started.
        if thread.ident == _WORKER_THREAD or thread.daemon or thread is _main_thread():
            continue
        thread.join(max(0.0, deadline - _monotonic()))
        if thread.is_alive():
            left.append(f"thread '{thread.name}' started by {_thread_owner(thread)}")
    _forget_worker_dummy_thread()
    return (OK, -1, "", "; ".join(left), "")


def _forget_worker_dummy_thread():
    """Drops the _DummyThread threading made for the worker thread when a function started a thread.

    Otherwise it is deleted during Py_EndInterpreter, after threading's globals are gone, and its
    __del__ prints "Exception ignored ... 'NoneType' object does not support the context manager
    protocol" on standard error. Uses threading internals, so any failure is ignored.
    """
    try:
        info = threading._thread_local_info
        if getattr(info, "_track_dummy_thread_ref", None) is not None:
            del info._track_dummy_thread_ref  # its __del__ runs now, with threading intact
    except Exception:
        pass


def _thread_owner(thread):
    target = getattr(thread, "_target", None)
    module = getattr(target, "__module__", None) or type(thread).__module__ or ""
    return f"function {module[len('udf_'):]}" if module.startswith("udf_") else "an unknown function"


def run_batch(function_id, nrows, views):
    """Run one batch. `views` holds (mask, offsets, data) per argument, then the output view.

    Reply payload on success: (mask bytes or None, offsets bytes or None, data bytes or None);
    on a failure tied to a row, the row's argument values as text.
    """
    try:
        return _FreshContext().run(_run_batch, function_id, nrows, views)
    finally:
        _restore_settings()


def _run_batch(function_id, nrows, views):
    derived = []
    columns = inputs = None
    try:
        _cancel_event.clear()
        function = _functions[function_id]
        columns = _decode_columns(function, function.arg_types, nrows, views, derived)
        out_view = views[-1]
        try:
            if function.vectorized:
                returned = _call_vectorized(function, columns)
                try:
                    iterator = iter(returned)
                except TypeError:
                    raise _BadResult(-1, type(returned).__name__,
                                     f"vectorized function {function.name} returned "
                                     f"{type(returned).__name__} {_short_repr(returned)}, expected a "
                                     f"sequence of {nrows} {function.return_type.sql} values") from None
                results = list(iterator)
                if len(results) != nrows:
                    raise _BadResult(-1, type(returned).__name__,
                                     f"vectorized function {function.name} returned {len(results)} "
                                     f"values for a batch of {nrows} rows")
            elif function.deterministic and function.return_type.name in _FIXED_FORMATS:
                results = _call_into_array(function, columns, nrows)
            else:
                results = _call_into_list(function, columns, nrows)
        except _UdfRaised as raised:
            return _error_reply(PYTHON_ERROR, raised.row, raised.exc, _arguments_at(columns, raised.row))
        except (QuiverCancelled, _BadResult):
            raise
        except BaseException as exc:
            # NULL-on-error covers Exception only: SystemExit and the like still fail the call.
            if not (function.swallow_errors and isinstance(exc, Exception)):
                return _error_reply(PYTHON_ERROR, -1, exc)
            results = [None] * nrows  # a vectorized function in NULL-on-error mode
        inputs, columns = columns, None  # the UDF's reference to the views goes before the escape check
        return (OK, -1, "", "", "") + _encode_results(function, results, out_view, derived)
    except QuiverCancelled as exc:
        return _error_reply(CANCELLED, -1, exc)
    except _BadResult as exc:
        return (BAD_RESULT, exc.row, exc.type_name, str(exc), "", _arguments_at(inputs, exc.row))
    except _BadArgument as exc:
        return (BAD_ARGUMENT, exc.row, exc.type_name, str(exc), "")
    except BaseException as exc:
        return _error_reply(INTERNAL_ERROR, -1, exc)
    finally:
        escaped = False
        for view in derived:
            try:
                view.release()
            except BufferError:
                # An array over the view may only wait for the cycle collector (a traceback's frames).
                _gc_collect()
                try:
                    view.release()
                except BufferError:
                    escaped = True  # something still holds a buffer exported by this view
        if escaped:
            raise _EscapedView()


# --- Batch formats -----------------------------------------------------------------------------
# WITH (batch_format = 'numpy' | 'pandas' | 'pyarrow'): a vectorized function's columns arrive as
# arrays of that package (fixed-width columns without NULLs over the batch memory, no copy), and
# results of any of those kinds (or any sequence) are accepted in every format. The packages are
# imported lazily: a sub-interpreter never needs them.
_NUMPY_DTYPES = {"TINYINT": "int8", "SMALLINT": "int16", "INTEGER": "int32", "BIGINT": "int64",
                 "REAL": "float32", "DOUBLE": "float64", "BOOLEAN": "bool"}
_PANDAS_DTYPES = {"TINYINT": "Int8", "SMALLINT": "Int16", "INTEGER": "Int32", "BIGINT": "Int64",
                  "REAL": "Float32", "DOUBLE": "Float64", "BOOLEAN": "boolean", "VARCHAR": "string"}
_ARROW_TYPES = {"TINYINT": "int8", "SMALLINT": "int16", "INTEGER": "int32", "BIGINT": "int64",
                "REAL": "float32", "DOUBLE": "float64", "BOOLEAN": "bool_", "VARCHAR": "string",
                "VARBINARY": "binary"}


def _call_vectorized(function, columns):
    """Calls a vectorized function with its columns in its batch format; returns a sequence. Its own
    frame, so the arrays over batch memory are gone when it returns (the escape check follows)."""
    fmt = function.batch_format
    if fmt != "lists":
        convert = _FORMATTERS[fmt]
        columns = [convert(sql_type, column) for sql_type, column in zip(function.arg_types, columns)]
    return _from_format(function.call(*columns))


def _as_numpy(sql_type, column):
    np = _MODULES["numpy"]
    if type(column) is memoryview:
        return np.frombuffer(column, dtype=column.format)  # zero copy, read-only
    dtype = _NUMPY_DTYPES.get(sql_type.name, object)
    mask = [value is None for value in column]
    if any(mask):
        fill = None if dtype is object else 0
        return np.ma.masked_array(np.array([fill if value is None else value for value in column], dtype=dtype),
                                  mask=mask)
    return np.array(column, dtype=dtype)


def _as_pandas(sql_type, column):
    pd = _MODULES["pandas"]
    if type(column) is memoryview:
        return pd.Series(_as_numpy(sql_type, column))
    dtype = _PANDAS_DTYPES.get(sql_type.name)
    return pd.Series(list(column) if dtype is None else pd.array(list(column), dtype=dtype), dtype=dtype)


def _as_pyarrow(sql_type, column):
    pa = _MODULES["pyarrow"]
    arrow_type = getattr(pa, _ARROW_TYPES[sql_type.name])() if sql_type.name in _ARROW_TYPES else None
    if type(column) is memoryview and arrow_type is not None:
        return pa.Array.from_buffers(arrow_type, len(column), [None, pa.py_buffer(column)])  # zero copy
    return pa.array(list(column), type=arrow_type)


_FORMATTERS = {"numpy": _as_numpy, "pandas": _as_pandas, "pyarrow": _as_pyarrow}


def _from_format(returned):
    """A list for a numpy array (masked values None), pandas Series (NA None) or pyarrow array;
    anything else as it is."""
    module = type(returned).__module__ or ""
    if module.startswith("numpy"):
        return returned.tolist()  # a MaskedArray gives None for masked values
    if module.startswith("pandas"):
        return returned.astype(object).where(returned.notna(), None).tolist()
    if module.startswith("pyarrow"):
        return returned.to_pylist()
    return returned


# --- Aggregate functions ------------------------------------------------------------------------
# An aggregate's handler is a class with Snowflake's UDAF contract: __init__(self) (empty state),
# accumulate(self, *args) (one row), the property aggregate_state (any picklable value),
# merge(self, other_state) and finish(self); an optional accumulate_batch(self, *columns) gets a
# group's rows of one batch at once (one list per argument) and is used instead of accumulate. Java's PythonAggregation drives it in three calls:
# agg_accumulate (per batch, into per-group instances kept here under the aggregation's token),
# agg_export (the states of the groups another interpreter finishes pickled, one VARBINARY value
# per group; those instances are dropped, the rest kept) and agg_merge_finish (the kept instances,
# or fresh ones, merge the other interpreters' states of their groups, then finish). States leave
# an interpreter only as pickled bytes; a group held by one interpreter is never pickled.
_aggregations = {}  # token -> {group id: handler instance}
# Every group's instance stays alive between accumulate calls, and the cycle collector's full
# collections re-scan all of them again and again as they grow: a third of accumulate's CPU time
# with 450 K groups of a median's pairs (CPython 3.13, 3.93 s -> 2.65 s). So after each accumulate call the objects alive then
# are frozen (gc.freeze: collections skip them; reference counting still frees them at once), and
# unfrozen as soon as no aggregation holds instances here, then collected at once (else the next
# aggregation's first freeze would catch them again). The cost: a reference cycle that became
# garbage before a freeze waits for the thaw (the end of the aggregations) to be collected.
_gc_freeze, _gc_unfreeze = gc.freeze, gc.unfreeze
_gc_frozen = [False]  # whether agg_accumulate froze objects since the last thaw (get_freeze_count walks them)


# Within one accumulate call the instances it creates are young and alive, and at CPython's default
# threshold (a collection per 2,000 new container objects) the collector keeps scanning them, and
# promotes them into ever larger collections: 17 % of accumulate's CPU time with 375 K groups of a
# median's pairs. A higher threshold for the call's duration (put back by _restore_settings)
# still collects garbage cycles, a hundred thousand new objects apart instead.
_ACCUMULATE_GC_THRESHOLD = 100_000


def _freeze_for_aggregations():
    _gc_freeze()
    _gc_frozen[0] = True


def _thaw_when_idle():
    """Unfreezes and collects the frozen objects once no aggregation holds instances here; True if it did."""
    if not _aggregations and _gc_frozen[0]:
        _gc_frozen[0] = False
        _gc_unfreeze()
        _gc_collect()
        return True
    return False


_AGGREGATE_METHODS = (("accumulate", None), ("merge", 1), ("finish", 0), ("accumulate_batch", None))


def _aggregate_class_problem(handler, spec):
    """Why `handler` cannot serve as an aggregate's class (a message naming function and method), or None."""
    name, arity = spec["name"], len(spec["argument_types"])
    if not isinstance(handler, type):
        return (f"the handler '{spec['handler']}' of aggregate function {name} is a "
                f"{type(handler).__name__}, not a class with accumulate, merge, finish and aggregate_state")
    for method, expected in _AGGREGATE_METHODS:
        member = getattr(handler, method, None)
        if method == "accumulate_batch" and member is None:
            continue  # optional
        if not callable(member):
            return f"the handler class {handler.__name__} of aggregate function {name} has no method {method}"
        count = arity if expected is None else expected
        try:
            _signature(member).bind(None, *([None] * count))
        except TypeError:
            return (f"method {method} of the handler class {handler.__name__} of aggregate function {name} "
                    f"must take {count} argument{'' if count == 1 else 's'} after self")
        except ValueError:
            pass  # no signature to read (a builtin): trust it
    if not hasattr(handler, "aggregate_state"):
        return (f"the handler class {handler.__name__} of aggregate function {name} has no "
                f"aggregate_state (a property returning the partial state)")
    try:
        _signature(handler).bind()
    except TypeError:
        return f"the handler class {handler.__name__} of aggregate function {name} must be creatable with no arguments"
    except ValueError:
        pass
    return None


class _PhaseRaised(Exception):
    """The handler raised `exc` in `phase` for `group` (at `row` of the batch, or -1); `subject`
    names what `group` counts ("group", or "window frame of row" for window aggregates)."""

    def __init__(self, phase, group, row, exc, subject="group"):
        super().__init__(phase)
        self.phase, self.group, self.row, self.exc, self.subject = phase, group, row, exc, subject


def _phase_reply(raised, columns=None):
    exc = raised.exc
    message = _safe_str(exc)
    where = f"in {raised.phase}() for {raised.subject} {raised.group}"
    return (PYTHON_ERROR, raised.row, type(exc).__qualname__, f"{message} ({where})" if message else f"({where})",
            _udf_traceback(exc), _arguments_at(columns, raised.row) if columns is not None else "")


def _decode_columns(function, types, nrows, views, derived):
    """One column of Python values per type; `views` holds each column's node triples in turn."""
    columns = []
    position = 0
    for index, sql_type in enumerate(types):
        try:
            column, position = _decode_node(function, sql_type, nrows, views, position, derived, top=True)
        except _Misfit as misfit:
            raise _bad_argument(function, index, misfit) from None
        columns.append(column)
    return columns


def _run_aggregate_phase(body, *args):
    """Runs one aggregate entry point with run_batch's guarantees: a reply tuple, views released."""
    derived = []
    try:
        _cancel_event.clear()
        return body(derived, *args)
    except QuiverCancelled as exc:
        return _error_reply(CANCELLED, -1, exc)
    except _BadResult as exc:
        return (BAD_RESULT, exc.row, exc.type_name, str(exc), "", "")
    except _BadArgument as exc:
        return (BAD_ARGUMENT, exc.row, exc.type_name, str(exc), "")
    except BaseException as exc:
        return _error_reply(INTERNAL_ERROR, -1, exc)
    finally:
        escaped = False
        for view in derived:
            try:
                view.release()
            except BufferError:
                escaped = True
        if escaped:
            raise _EscapedView()


def agg_accumulate(function_id, token, group_type, nrows, views):
    """Accumulates a batch into the aggregation `token`'s per-group instances in this interpreter.

    `views` holds (mask, offsets, data) per argument, then the group ids' triple (a column of
    `group_type`, INTEGER or BIGINT, never NULL), then an output view this call ignores. Rows whose
    arguments hold a NULL were already removed by Java unless the function is CALLED ON NULL INPUT.
    """
    try:
        _gc_set_threshold(_ACCUMULATE_GC_THRESHOLD, *_GC_THRESHOLD[1:])
        reply = _FreshContext().run(
            _run_aggregate_phase, _agg_accumulate, function_id, token, group_type, nrows, views)
        if reply[0] == OK and token in _aggregations:
            # after the views were released: a frozen object that held one would look escaped
            _freeze_for_aggregations()
        return reply
    finally:
        _restore_settings()


def _agg_accumulate(derived, function_id, token, group_type, nrows, views):
    function = _functions[function_id]
    columns = _decode_columns(function, function.arg_types + [_Type(group_type)], nrows, views, derived)
    groups = columns.pop()
    instances = _aggregations.setdefault(token, {})
    handler = function.call
    row, group = -1, None
    try:
        if function.batched and all(map(_less_or_equal, groups, _islice(groups, 1, None))):
            # Group ids in order (input sorted or clustered on the key: GROUP BY l_orderkey over
            # lineitem): each group's rows are a run, found by bisection and passed as list slices.
            # The check stops at the first descent, so unordered batches pay almost nothing.
            lists = [column if type(column) is list else column.tolist() if type(column) is memoryview
                     else list(column) for column in columns]
            # Where each run ends, found in C (a bisection per group cost ~1 µs in Python: a third
            # of the loop's overhead with 375 K groups of four rows).
            ends = list(_compress(_count(1), map(_not_equal, groups, _islice(groups, 1, None))))
            if nrows:
                ends.append(nrows)
            find, start = instances.get, 0
            for end in ends:
                group = groups[start]
                instance = find(group)
                if instance is None:
                    instance = instances[group] = handler()
                instance.accumulate_batch(*[column[start:end] for column in lists])
                start = end
            return (OK, -1, "", "", "", None, None, None)
        if function.batched:
            # The vectorized path: each group's rows of this batch at once, one list per argument.
            rows_of = {}
            for row, group in enumerate(groups):
                rows = rows_of.get(group)
                if rows is None:
                    rows = rows_of[group] = []
                rows.append(row)
            row = -1
            for group, rows in rows_of.items():
                instance = instances.get(group)
                if instance is None:
                    instance = instances[group] = handler()
                if len(rows) == 1:
                    instance.accumulate_batch(*[[column[rows[0]]] for column in columns])
                else:
                    take = _itemgetter(*rows)  # gathers in C
                    instance.accumulate_batch(*[list(take(column)) for column in columns])
            return (OK, -1, "", "", "", None, None, None)
        # One call per row: the loop keeps each group's bound accumulate and reuses the last one,
        # since rows of a group often come together (sorted or clustered input).
        bound = {}
        find = bound.get
        last_group, accumulate = None, None
        for row, (group, arguments) in enumerate(zip(groups, zip(*columns))):
            if group != last_group:
                accumulate = find(group)
                if accumulate is None:
                    instance = instances.get(group)
                    if instance is None:
                        instance = instances[group] = handler()
                    accumulate = bound[group] = instance.accumulate
                last_group = group
            accumulate(*arguments)
    except QuiverCancelled:
        raise
    except BaseException as exc:
        phase = "accumulate_batch" if function.batched else "accumulate"
        return _phase_reply(_PhaseRaised(phase, group, row, exc), columns if row >= 0 else None)
    finally:
        columns = groups = None
        bound = accumulate = None
    return (OK, -1, "", "", "", None, None, None)


class _StateColumn:
    """The export's output: a VARBINARY column named after the function, for _encode_variable."""

    __slots__ = ("name", "return_type")

    def __init__(self, name):
        self.name = name
        self.return_type = _Type("VARBINARY")


# The first byte of a state handed over in place (see agg_export); a pickle of protocol 5 starts with 0x80.
_HANDED_OVER = 0
_PICKLED = b"\x80"


def _handover_marker(token, group):
    return bytes((_HANDED_OVER,)) + token.to_bytes(8, "little", signed=True) + group.to_bytes(8, "little")


def _handed_over_state(marker):
    """The aggregate_state of the instance a marker names; the instance leaves its aggregation."""
    token = int.from_bytes(marker[1:9], "little", signed=True)
    group = int.from_bytes(marker[9:17], "little")
    instances = _aggregations.get(token)
    instance = instances.pop(group, None) if instances is not None else None
    if instance is None:
        raise RuntimeError(f"no instance of group {group} of aggregation {token} in this interpreter")
    if not instances:
        _aggregations.pop(token, None)
    return instance.aggregate_state


def agg_export(function_id, token, ngroups, views):
    """The pickled aggregate_state of each group's instance here, as (mask, offsets, data) of a
    VARBINARY column of `ngroups` rows: NULL for a group this interpreter never saw or keeps.
    `views`: an INTEGER column of `ngroups` rows (1: keep that group's instance here, for the
    agg_merge_finish that finishes it in place; 2: the group's owner is another aggregation in this
    same interpreter, so the instance stays and its value is a marker naming it, for that owner's
    agg_merge_finish to merge the state as an object: no pickling within one interpreter), then the
    output view. Exported instances are dropped."""
    try:
        return _FreshContext().run(_run_aggregate_phase, _agg_export, function_id, token, ngroups, views)
    finally:
        _thaw_when_idle()
        _restore_settings()


def _agg_export(derived, function_id, token, ngroups, views):
    function = _functions[function_id]
    keeps = _decode_columns(function, [_Type("INTEGER")], ngroups, views, derived)[0]
    instances = _aggregations.get(token) or {}
    results = [None] * ngroups
    group = None
    try:
        for group in [group for group in instances if keeps[group] != 1]:
            if keeps[group] == 2:
                results[group] = _handover_marker(token, group)
                continue
            state = instances.pop(group).aggregate_state
            try:
                results[group] = _pickle_dumps(state, 5)
            except QuiverCancelled:
                raise
            except BaseException as exc:
                return _unpicklable_reply(function, group, exc)
    except QuiverCancelled:
        raise
    except BaseException as exc:
        return _phase_reply(_PhaseRaised("aggregate_state", group, -1, exc))
    finally:
        if not instances:
            _aggregations.pop(token, None)
        instances = keeps = None
    return (OK, -1, "", "", "") + _encode_variable(_StateColumn(function.name), results)


def _unpicklable_reply(function, group, exc):
    return (PYTHON_ERROR, -1, type(exc).__qualname__,
            f"the aggregate_state of aggregate function {function.name} (group {group}) cannot be "
            f"pickled: {_safe_str(exc)}; a partial state must be picklable (numbers, strings, "
            f"lists, dicts, tuples ...)", _udf_traceback(exc), "")


def _unpicklable_state(function, group, state):
    """The error reply when `state` cannot be pickled, else None."""
    try:
        _pickle_dumps(state, 5)
    except QuiverCancelled:
        raise
    except BaseException as exc:
        return _unpicklable_reply(function, group, exc)
    return None


def agg_merge_finish(function_id, token, nstates, nrows, views):
    """Finishes one group per row: an instance merges the row's states (one VARBINARY column per
    interpreter that exported, NULL where it has no state of the group, a pickle or a marker of an
    instance handed over in this interpreter, see agg_export), then finish() gives the
    result. The instance is the one kept here for the group by the aggregation `token` (finished
    in place), or a fresh one (token 0, or none kept). `views`: the group ids' triple (BIGINT), one
    triple per state column, the output view."""
    try:
        return _FreshContext().run(_run_aggregate_phase, _agg_merge_finish, function_id, token, nstates, nrows,
                                   views)
    finally:
        _thaw_when_idle()
        _restore_settings()


def _agg_merge_finish(derived, function_id, token, nstates, nrows, views):
    function = _functions[function_id]
    types = [_Type("BIGINT")] + [_Type("VARBINARY")] * nstates
    columns = _decode_columns(function, types, nrows, views, derived)
    groups, states = columns[0], columns[1:]
    handler = function.call
    kept = _aggregations.get(token) if token else None
    # A state finished in place is never pickled. Unless another interpreter's state of this
    # function reached this call as a pickle (so its states do pickle), one state here is, so that
    # an unpicklable state fails whatever the interpreters' count; the check runs in C.
    probe = kept is not None and not any(
        any(map(bytes.startswith, filter(None, column), repeat(_PICKLED))) for column in states)
    results = []
    phase, row, group = "merge", -1, None
    try:
        for row, group in enumerate(groups):
            instance = kept.pop(group, None) if kept is not None else None
            if instance is None:
                phase = "__init__"
                instance = handler()
            elif probe:
                # the probe (Java puts the lightest group first: the cheapest to pickle)
                probe = False
                phase = "aggregate_state"
                problem = _unpicklable_state(function, group, instance.aggregate_state)
                if problem is not None:
                    return problem
            for column in states:
                state = column[row]
                if state is None:
                    continue
                if state[0] == _HANDED_OVER:
                    phase = "aggregate_state"
                    state = _handed_over_state(state)
                else:
                    state = _pickle_loads(state)
                phase = "merge"
                instance.merge(state)
            phase = "finish"
            results.append(instance.finish())
            instance = None  # a big state goes as soon as its group is done
    except QuiverCancelled:
        raise
    except BaseException as exc:
        return _phase_reply(_PhaseRaised(phase, group, row, exc))
    finally:
        if kept is not None and not kept:
            _aggregations.pop(token, None)
        columns = states = kept = None
    try:
        return (OK, -1, "", "", "") + _encode_results(function, results, views[-1], derived)
    except _BadResult as exc:
        message = str(exc).replace("at row {row}", f"from finish() for group {groups[exc.row]}")
        raise _BadResult(exc.row, exc.type_name, message) from None


def agg_window(function_id, running, skip_nulls, distinct, nrows, views):
    """An aggregate over window frames: one result per row, from the rows of its frame.

    `views` holds (mask, offsets, data) per argument, then five INTEGER columns giving each row's
    frame as rows of this call: [lower, upper), then [lower2, upper2) (empty without EXCLUDE), then
    `extra`, one more row counted between the two (EXCLUDE TIES' current row, or -1), then the
    output view. Frames never cross a partition, and a call holds whole partitions. `running`: the
    frames grow from a fixed start (UNBOUNDED PRECEDING without EXCLUDE), so one instance
    accumulates row after row and finishes at each row (restarting whenever the start moves or the
    end goes back); otherwise a segment tree of pickled states is built once and each frame merges
    O(log rows) of them into a fresh instance. `skip_nulls`: rows with a NULL argument count for
    no frame. `distinct`: a frame counts the first row of each of its distinct argument tuples, so
    running frames skip the tuples already seen and other frames are accumulated afresh from their
    distinct rows (O(frame rows) each, the scan in C: merged states cannot take duplicates out).
    Every frame's result is computed once: rows with the frame of the row before reuse it.
    """
    try:
        return _FreshContext().run(
            _run_aggregate_phase, _agg_window, function_id, running, skip_nulls, distinct, nrows, views)
    finally:
        _restore_settings()


def _agg_window(derived, function_id, running, skip_nulls, distinct, nrows, views):
    function = _functions[function_id]
    arity = len(function.arg_types)
    columns = _decode_columns(function, function.arg_types + [_Type("INTEGER")] * 5, nrows, views, derived)
    arguments, frames = columns[:arity], columns[arity:]
    rows = list(zip(*arguments)) if arity else [()] * nrows
    counted = [None not in row for row in rows] if skip_nulls and arity else None
    window = _WindowRun(function, arguments, rows, counted)
    try:
        if distinct:
            window.keys = _distinct_keys(rows, counted)
        if running:
            results = window.running(frames[0], frames[1])
        elif distinct:
            results = window.distinct(*frames)
        else:
            results = window.tree(*frames)
    except QuiverCancelled:
        raise
    except BaseException as exc:
        return _phase_reply(_PhaseRaised(window.phase, window.row, window.row, exc, "window row"),
                            arguments if window.row >= 0 and arity else None)
    finally:
        columns = arguments = rows = window = None
    try:
        return (OK, -1, "", "", "") + _encode_results(function, results, views[-1], derived)
    except _BadResult as exc:
        message = str(exc).replace("at row {row}", f"from finish() for window row {exc.row}")
        raise _BadResult(exc.row, exc.type_name, message) from None


# The key of a row that counts for no frame (a NULL argument skipped) in a DISTINCT window.
_NOT_COUNTED = object()


def _frozen(value):
    """`value` made hashable for DISTINCT: LIST values and MAP or STRUCT dicts become tuples."""
    if type(value) is list or type(value) is tuple:
        return tuple(map(_frozen, value))
    if type(value) is dict:
        return tuple((key, _frozen(item)) for key, item in value.items())
    return value


def _distinct_keys(rows, counted):
    """Each row's argument tuple as a hashable key, _NOT_COUNTED for a row that counts for no frame."""
    try:
        set(rows)
        keys = rows
    except TypeError:
        keys = list(map(_frozen, rows))
    if counted is not None:
        keys = [key if keep else _NOT_COUNTED for key, keep in zip(keys, counted)]
    return keys


def _distinct_frame(keys, lower, upper, extra, lower2, upper2):
    """The first row of each distinct counted tuple of a frame, ascending (the scans run in C)."""
    firsts = {}
    first = firsts.setdefault
    _consume(map(first, keys[lower:upper], range(lower, upper)), 0)
    if extra >= 0:
        first(keys[extra], extra)
    if lower2 < upper2:
        _consume(map(first, keys[lower2:upper2], range(lower2, upper2)), 0)
    firsts.pop(_NOT_COUNTED, None)
    return list(firsts.values())


class _WindowRun:
    """One agg_window call's rows, with where the handler is (phase and row) for error replies."""

    __slots__ = ("handler", "batched", "arguments", "rows", "counted", "keys", "seen", "phase", "row")

    def __init__(self, function, arguments, rows, counted):
        self.handler = function.call
        self.batched = function.batched
        self.arguments = arguments
        self.rows = rows
        self.counted = counted
        # DISTINCT only: each row's hashable argument tuple, and the keys the running instance holds
        self.keys = self.seen = None
        self.phase, self.row = "__init__", -1

    def _add_rows(self, instance, chosen):
        """Accumulates the rows `chosen` (ascending row numbers) into `instance`."""
        if not chosen:
            return
        self.row = chosen[0]
        if self.batched:
            self.phase = "accumulate_batch"
            if len(chosen) == 1:
                instance.accumulate_batch(*[[column[chosen[0]]] for column in self.arguments])
            else:
                take = _itemgetter(*chosen)
                instance.accumulate_batch(*[list(take(column)) for column in self.arguments])
            return
        self.phase = "accumulate"
        accumulate, rows = instance.accumulate, self.rows
        for row in chosen:
            self.row = row
            accumulate(*rows[row])

    def _add(self, instance, start, end):
        """Accumulates rows [start, end) into `instance` (one accumulate_batch call when it has one)."""
        if self.keys is not None:
            # DISTINCT: only the first row of each tuple the running instance has not seen yet
            seen, keys, chosen = self.seen, self.keys, []
            for row in range(start, end):
                key = keys[row]
                if key not in seen:
                    seen.add(key)
                    chosen.append(row)
            self._add_rows(instance, chosen)
            return
        counted, rows = self.counted, self.rows
        if self.batched:
            self.phase = "accumulate_batch"
            if counted is None:
                instance.accumulate_batch(*[column[start:end] for column in self.arguments])
                return
            kept = [row for row in range(start, end) if counted[row]]
            if kept:
                self.row = kept[0]
                instance.accumulate_batch(*[[column[row] for row in kept] for column in self.arguments])
            return
        self.phase = "accumulate"
        accumulate = instance.accumulate
        for row in range(start, end):
            if counted is None or counted[row]:
                self.row = row
                accumulate(*rows[row])

    def running(self, lower, upper):
        handler = self.handler
        results = []
        instance, start, end, result, fresh = None, -1, -1, None, True
        for row in range(len(lower)):
            low, high = lower[row], upper[row]
            self.row = row
            if instance is None or low != start or high < end:
                self.phase = "__init__"
                instance, start, end, fresh = handler(), low, low, True
                if self.keys is not None:
                    self.seen = {_NOT_COUNTED}
            if high > end:
                self._add(instance, end, high)
                end, fresh = high, True
                self.row = row
            if fresh:
                self.phase = "finish"
                result, fresh = instance.finish(), False
            results.append(result)
        return results

    def tree(self, lower, upper, lower2, upper2, extra):
        handler, rows, counted = self.handler, self.rows, self.counted
        count = len(rows)
        size = 1
        while size < count:
            size *= 2
        # nodes[size + row] is the pickled state of the row alone; nodes[i] merges nodes[2i], nodes[2i+1]
        # in order (None: no counted row below). Pickled, so that no two nodes share a mutable state.
        nodes = [None] * (2 * size)
        for row in range(count):
            if counted is None or counted[row]:
                self.row = row
                self.phase = "__init__"
                instance = handler()
                self._add(instance, row, row + 1)
                self.phase = "aggregate_state"
                nodes[size + row] = _pickle_dumps(instance.aggregate_state, 5)
        self.row = -1
        for node in range(size - 1, 0, -1):
            left, right = nodes[2 * node], nodes[2 * node + 1]
            if left is None or right is None:
                nodes[node] = right if left is None else left
                continue
            self.phase = "__init__"
            instance = handler()
            self.phase = "merge"
            instance.merge(_pickle_loads(left))
            instance.merge(_pickle_loads(right))
            self.phase = "aggregate_state"
            nodes[node] = _pickle_dumps(instance.aggregate_state, 5)
        results = []
        previous, result = None, None
        for row in range(count):
            frame = (lower[row], upper[row], extra[row], lower2[row], upper2[row])
            if frame == previous:
                results.append(result)
                continue
            self.row = row
            states = []
            _tree_states(nodes, size, frame[0], frame[1], states)
            if frame[2] >= 0:
                states.append(nodes[size + frame[2]])
            _tree_states(nodes, size, frame[3], frame[4], states)
            self.phase = "__init__"
            instance = handler()
            self.phase = "merge"
            for state in states:
                if state is not None:
                    instance.merge(_pickle_loads(state))
            self.phase = "finish"
            result, previous = instance.finish(), frame
            results.append(result)
        return results

    def distinct(self, lower, upper, lower2, upper2, extra):
        """DISTINCT over frames that do not grow from a fixed start: each frame afresh."""
        handler, keys = self.handler, self.keys
        results = []
        previous, result = None, None
        for row in range(len(keys)):
            frame = (lower[row], upper[row], extra[row], lower2[row], upper2[row])
            if frame == previous:
                results.append(result)
                continue
            self.row = row
            self.phase = "__init__"
            instance = handler()
            self._add_rows(instance, _distinct_frame(keys, *frame))
            self.row = row
            self.phase = "finish"
            result, previous = instance.finish(), frame
            results.append(result)
        return results


def _tree_states(nodes, size, start, end, states):
    """Appends, in row order, the segment tree nodes covering rows [start, end)."""
    if start >= end:
        return
    left, right = start + size, end + size
    tail = []
    while left < right:
        if left & 1:
            states.append(nodes[left])
            left += 1
        if right & 1:
            right -= 1
            tail.append(nodes[right])
        left >>= 1
        right >>= 1
    states.extend(reversed(tail))


def agg_free(token):
    """Drops the aggregation's instances in this interpreter (cancel, error, or states not exported)."""
    try:
        _aggregations.pop(token, None)
        if not _thaw_when_idle():
            _gc_collect()  # also when nothing was frozen: the dropped instances may form cycles
        return (OK, -1, "", "", "")
    finally:
        _restore_settings()


def agg_live_tokens():
    """How many aggregations hold instances here, as the reply's row (for leak tests)."""
    return (OK, len(_aggregations), "", "", "")


# --- Table functions ------------------------------------------------------------------------------
# A table function's handler is a generator function (called per input row, it yields the rows) or
# a class with PySpark's UDTF contract: eval(self, *args) yields rows for one input row, the optional
# terminate(self) yields final rows. Java's PythonTableFunction drives it: tf_start takes a slice of
# input rows (one fresh class instance per slice), tf_next continues the same run in the same
# interpreter; each reply carries at most `max_rows` output rows, so a generator of a hundred million
# rows is never materialized. The run's state (inputs, position, open iterator) stays here under
# its token until it is done or freed.
_table_runs = {}  # token -> _TableRun


def _table_handler_problem(handler, spec):
    """Why `handler` cannot serve as a table function's handler (naming function and method), or None."""
    name, arity = spec["name"], len(spec["argument_types"])
    if isinstance(handler, type):
        method = getattr(handler, "eval", None)
        if not callable(method):
            return (f"the handler class {handler.__name__} of table function {name} has no method eval "
                    f"(PySpark's UDTF contract: eval(self, *args) yields rows, terminate(self) is optional)")
        for method_name, count in (("eval", arity), ("terminate", 0)):
            member = getattr(handler, method_name, None)
            if member is None:
                continue
            if not callable(member):
                return f"terminate of the handler class {handler.__name__} of table function {name} is not a method"
            try:
                _signature(member).bind(None, *([None] * count))
            except TypeError:
                return (f"method {method_name} of the handler class {handler.__name__} of table function {name} "
                        f"must take {count} argument{'' if count == 1 else 's'} after self")
            except ValueError:
                pass
        try:
            _signature(handler).bind()
        except TypeError:
            return (f"the handler class {handler.__name__} of table function {name} must be creatable with "
                    f"no arguments")
        except ValueError:
            pass
        return None
    if not _isgeneratorfunction(handler):
        return (f"the handler '{spec['handler']}' of table function {name} is a {type(handler).__name__} but "
                f"not a generator function: it must yield its rows (use 'yield', or a class with eval)")
    try:
        _signature(handler).bind(*([None] * arity))
    except TypeError:
        return (f"the generator function {spec['handler']} of table function {name} must take {arity} "
                f"argument{'' if arity == 1 else 's'}")
    except ValueError:
        pass
    return None


class Row:
    """One row of a table argument: readable by column name (row['ts'], row.ts) and by position
    (row[0]); iterating gives the values in column order. Immutable."""

    __slots__ = ("_positions", "_values")

    def __init__(self, positions, values):
        object.__setattr__(self, "_positions", positions)
        object.__setattr__(self, "_values", values)

    def __getitem__(self, key):
        if type(key) is str:
            try:
                return self._values[self._positions[key]]
            except KeyError:
                raise KeyError(f"the row has no column {key!r}; its columns: "
                               f"{', '.join(self._positions)}") from None
        return self._values[key]

    def __getattr__(self, name):
        try:
            return self._values[self._positions[name]]
        except KeyError:
            raise AttributeError(f"the row has no column {name!r}; its columns: "
                                 f"{', '.join(self._positions)}") from None

    def __setattr__(self, name, value):
        raise AttributeError("a table argument's row is read-only")

    def __len__(self):
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other):
        return isinstance(other, Row) and self._values == other._values and self._positions == other._positions

    def __hash__(self):
        return hash(self._values)

    def keys(self):
        return list(self._positions)

    def asDict(self):
        return dict(zip(self._positions, self._values))

    def __repr__(self):
        return "Row(" + ", ".join(f"{name}={value!r}" for name, value in zip(self._positions, self._values)) + ")"


def _rows_of_table(values):
    """A table argument's STRUCT values (dicts, one per row) as Row objects sharing one name index."""
    positions = None
    rows = []
    for value in values:
        if value is None:
            rows.append(None)
            continue
        if positions is None:
            positions = {name: index for index, name in enumerate(value)}
        rows.append(Row(positions, tuple(value.values())))
    return rows


class _TableRun:
    """One slice of input rows going through a table function, possibly over several replies."""

    __slots__ = ("function", "columns", "nrows", "inputs", "next_row", "current_row", "iterator", "instance",
                 "terminated", "phase")

    def __init__(self, function, columns, nrows):
        self.function = function
        self.columns = columns
        self.nrows = nrows
        self.inputs = zip(*columns) if columns else repeat((), nrows)  # the argument tuples still to go
        self.next_row = 0
        self.current_row = -1
        self.iterator = None
        self.instance = None
        self.terminated = not function.is_class
        self.phase = "eval"


def _rows_of(value):
    """An iterator over what eval/terminate/the generator returned; None (no rows) is allowed."""
    if value is None:
        return iter(())
    return iter(value)


def _fill(run, max_rows, out_rows, in_rows):
    """Appends up to max_rows yielded rows (and their input rows); True when the run has more."""
    function = run.function
    handler = function.call
    while True:
        iterator = run.iterator
        if iterator is not None:
            wanted = max_rows - len(out_rows)
            if wanted <= 0:
                return True
            before = len(out_rows)
            out_rows.extend(_islice(iterator, wanted))  # keeps the rows before a raise
            taken = len(out_rows) - before
            in_rows.extend(_repeat_int(run.current_row, taken))
            if taken == wanted:
                return True  # the iterator may hold more: the next reply continues it
            run.iterator = None
            continue
        if run.next_row < run.nrows:
            if function.is_class and run.instance is None:
                run.phase = "__init__"
                run.instance = handler()
            if _fill_rows(run, max_rows, out_rows, in_rows):
                return True
            continue
        if not run.terminated:
            run.terminated = True
            terminate = getattr(run.instance, "terminate", None) if run.instance is not None else None
            if terminate is not None:
                # Its rows belong to the last input row the instance saw.
                run.phase = "terminate"
                run.iterator = _rows_of(terminate())
                continue
        return False


def _fill_rows(run, max_rows, out_rows, in_rows):
    """_fill's loop over input rows, on locals only (most rows yield a few values, so the per-row
    cost outside the handler counts): calls the handler per row until max_rows rows are out. True
    when that happened: the row's iterator, which may hold more, is then run.iterator."""
    if run.function.is_class:
        run.phase = "eval"
        call = run.instance.eval
    else:
        call = run.function.call
    extend, extend_rows, islice_ = out_rows.extend, in_rows.extend, _islice
    count = len(out_rows)
    row = run.next_row - 1
    try:
        for arguments in run.inputs:
            row += 1
            iterator = call(*arguments)
            if iterator is None:
                continue
            iterator = iter(iterator)
            before = count
            extend(islice_(iterator, max_rows - count))  # keeps the rows before a raise
            count = len(out_rows)
            if count != before:
                extend_rows([row] * (count - before))
                if count >= max_rows:
                    run.iterator = iterator
                    return True
        return False
    finally:
        run.current_row = row
        run.next_row = row + 1


def _repeat_int(value, count):
    return repeat(value, count)


class _ColumnTarget:
    """One result column as the encoders see a function: a name for messages and a return type."""

    __slots__ = ("name", "return_type")

    def __init__(self, name, return_type):
        self.name = name
        self.return_type = return_type


def _table_chunk(run, out_rows, in_rows, more):
    """The reply for a chunk: OK, its row count, 'more' or '', then the input rows (int32 bytes) and
    (mask, offsets, data) per result column."""
    function = run.function
    width = len(function.result_columns)
    count = len(out_rows)
    if width == 1:
        # Plain values (the usual generator) are the column as they are; only 1-tuples unwrap.
        # The type census runs in C, the unwrapping loop in Python only when there are tuples.
        if tuple in set(map(type, out_rows)):
            values = [row[0] if type(row) is tuple and len(row) == 1 else row for row in out_rows]
        else:
            values = out_rows
        columns = [values]
    else:
        for index, row in enumerate(out_rows):
            if type(row) not in (tuple, list) or len(row) != width:
                what = (f"a {type(row).__name__} of {len(row)} values" if type(row) in (tuple, list)
                        else f"{_python_type_name(row)} {_short_repr(row)}")
                raise _BadResult(in_rows[index], _python_type_name(row),
                                 f"table function {function.name} yielded {what} for input row {{row}}, "
                                 f"expected a tuple of {width} values "
                                 f"({', '.join(name for name, _ in function.result_columns)})")
        columns = list(zip(*out_rows)) if count else [() for _ in range(width)]
    payload = [array("i", in_rows).tobytes()]
    for (column_name, sql_type), values in zip(function.result_columns, columns):
        payload.extend(_encode_table_column(function, column_name, sql_type, values, in_rows))
    return (OK, count, "more" if more else "", "", "") + tuple(payload)


def _encode_table_column(function, column_name, sql_type, values, in_rows):
    values = values if type(values) is list else list(values)
    slots = []
    try:
        _encode_tree(function.name, sql_type, values, slots)
    except _Misfit as misfit:
        detail = misfit.describe() if misfit.path else getattr(misfit, "flat_detail", misfit.detail)
        raise _BadResult(in_rows[misfit.index] if 0 <= misfit.index < len(values) else -1, misfit.type_name,
                         f"table function {function.name} yielded a bad value for column {column_name} "
                         f"({sql_type.sql}) for input row {{row}}: {detail}") from None
    return slots


def _table_phase_reply(run, exc):
    row = run.current_row
    reply = _error_reply(PYTHON_ERROR, row, exc, _arguments_at(run.columns, row) if row >= 0 else "")
    if not run.function.is_class:
        return reply
    message = _safe_str(exc)
    where = f"in {run.phase}()"
    return reply[:3] + (f"{message} ({where})" if message else f"({where})",) + reply[4:]


def tf_start(function_id, token, max_rows, nrows, views, row_argument=-1):
    """Starts a run over a slice of `nrows` input rows: (mask, offsets, data) per argument, then an
    output view this call ignores. Argument `row_argument` (a STRUCT, or -1 for none) is a table
    argument: its values reach eval as Row objects. Answers the first chunk (see _table_chunk)."""
    try:
        return _FreshContext().run(_run_aggregate_phase, _tf_start, function_id, token, max_rows, nrows, views,
                                   row_argument)
    finally:
        _restore_settings()


def _tf_start(derived, function_id, token, max_rows, nrows, views, row_argument):
    function = _functions[function_id]
    columns = _decode_columns(function, function.arg_types, nrows, views, derived)
    # The run outlives this call, the views do not: keep plain lists.
    columns = [column.tolist() if type(column) is memoryview else column for column in columns]
    if row_argument >= 0:
        columns[row_argument] = _rows_of_table(columns[row_argument])
    run = _TableRun(function, columns, nrows)
    _table_runs[token] = run
    return _table_step(token, run, max_rows)


def tf_next(token, max_rows):
    """Continues the run `token` in this interpreter: the next chunk."""
    try:
        run = _table_runs.get(token)
        if run is None:
            return (INTERNAL_ERROR, -1, "KeyError", f"no table function run {token} in this interpreter", "")
        return _FreshContext().run(_run_aggregate_phase, lambda derived: _table_step(token, run, max_rows))
    finally:
        _restore_settings()


def _table_step(token, run, max_rows):
    out_rows, in_rows = [], []
    try:
        _cancel_event.clear()
        more = _fill(run, max_rows, out_rows, in_rows)
    except QuiverCancelled:
        _table_runs.pop(token, None)
        raise
    except BaseException as exc:
        _table_runs.pop(token, None)
        return _table_phase_reply(run, exc)
    if not more:
        _table_runs.pop(token, None)
    try:
        return _table_chunk(run, out_rows, in_rows, more)
    except BaseException:
        _table_runs.pop(token, None)
        raise


def tf_free(token):
    """Drops a run's state (the query stopped before the run was done)."""
    try:
        if _table_runs.pop(token, None) is not None:
            _gc_collect()
        return (OK, -1, "", "", "")
    finally:
        _restore_settings()


def tf_live_runs():
    """How many table function runs hold state here, as the reply's row (for leak tests)."""
    return (OK, len(_table_runs), "", "", "")


class _EscapedView(Exception):
    """Raised out of run_batch (replacing its reply) when a derived view could not be released."""


def describe(exc):
    """A reply tuple for an exception that escaped an entry point (see SubInterpreter)."""
    if isinstance(exc, _EscapedView):
        return (ESCAPED_VIEW, -1, "BufferError", "", "")
    if isinstance(exc, QuiverCancelled):
        return _error_reply(CANCELLED, -1, exc)
    return _error_reply(INTERNAL_ERROR, -1, exc)


_known_modules.update(_MODULES)  # last: the runtime's own imports are the baseline
