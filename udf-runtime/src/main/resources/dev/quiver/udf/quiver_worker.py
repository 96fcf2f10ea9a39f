"""Quiver's process-tier worker: one Python process serving Python functions for the JVM.

Started by Java's ProcessWorker as ``python -I quiver_worker.py RUNTIME SEGMENT MAX_MEMORY``. It runs
the same runtime module as the sub-interpreters (``quiver_runtime.py``, loaded in worker mode), so
NULL and error semantics, conversions and tracebacks are the same in both tiers.

Batches cross through SEGMENT, a shared-memory file both sides map: Java writes the argument buffers
into it once and this worker reads them as memoryviews over the mapping (no copy); fixed-width
results are written into the segment, other reply payloads are appended after ``reply_offset``.
Standard input and output carry only small control frames (a 4-byte length, then the body, big
endian): never rows. Standard output is moved away at start so that print() in a function cannot
corrupt the protocol; it goes to standard error with everything else a function prints.

Requests: op byte, then DEFINE (1) fid:i32 spec:str source:str | FORGET (2) fid:i32 |
SET_PATH (3) entries:str | CALL (4) entry:str segment_size:i64 reply_offset:i64 nargs:i32 nargs*argument
| PROBE (5) modules:str. CALL runs one of the runtime's entry points (run_batch, agg_accumulate,
tf_start ...) with the arguments the sub-interpreter tier passes it: an argument is a tag byte, then
b"L" value:i64 | b"S" text:str | b"B" count:i32 count*(offset:i64 length:i64 writable:u8), the last a
tuple of memoryviews over the segment (None where offset is -1).
Replies: status:i32 row:i64 type:str message:str traceback:str arguments:str segment_size:i64
count:i32 count*(offset:i64 length:i64), a str being a length:i32 and UTF-8 bytes.

A SIGTERM from Java cancels the running call (QuiverCancelled, as the sub-interpreter tier's
interrupter does); a call that does not stop is ended with SIGKILL and the worker replaced.
"""

import faulthandler
import mmap
import os
import signal
import struct
import sys
import types

_FRAME = struct.Struct(">I")
_I32 = struct.Struct(">i")
_I64 = struct.Struct(">q")
_REPLY_HEAD = struct.Struct(">iq")
_BUFFER = struct.Struct(">qqB")
_CALL_HEAD = struct.Struct(">qqi")
_TAG = struct.Struct(">c")
_ALIGN = 64

DEFINE, FORGET, SET_PATH, CALL, PROBE = 1, 2, 3, 4, 5
# The runtime's entry points a CALL may name: what the sub-interpreter tier calls through FFM.
_ENTRY_POINTS = frozenset({"run_batch", "agg_accumulate", "agg_export", "agg_merge_finish", "agg_free",
                           "agg_live_tokens", "tf_start", "tf_next", "tf_free", "tf_live_runs"})


class _Channel:
    """The control channel: frames in from standard input, out through a private copy of standard output."""

    def __init__(self):
        self.read_fd = 0
        self.write_fd = os.dup(1)
        os.dup2(2, 1)  # a function's print() (and any C library's stdout) goes to standard error
        sys.stdout = sys.stderr

    def _read_exactly(self, count):
        chunks = []
        while count > 0:
            chunk = os.read(self.read_fd, count)
            if not chunk:
                raise EOFError("control channel closed")
            chunks.append(chunk)
            count -= len(chunk)
        return b"".join(chunks)

    def read_frame(self):
        (length,) = _FRAME.unpack(self._read_exactly(4))
        return self._read_exactly(length)

    def write_frame(self, body):
        data = _FRAME.pack(len(body)) + body
        while data:
            written = os.write(self.write_fd, data)
            data = data[written:]


class _Reader:
    """Reads the fields of one request body in order."""

    def __init__(self, body):
        self.body = body
        self.position = 0

    def unpack(self, layout):
        values = layout.unpack_from(self.body, self.position)
        self.position += layout.size
        return values

    def text(self):
        (length,) = self.unpack(_I32)
        start = self.position
        self.position += length
        return self.body[start:self.position].decode("utf-8")


def _text(value):
    raw = str(value).encode("utf-8", "surrogatepass")
    return _I32.pack(len(raw)) + raw


class Worker:
    """The worker's state: the runtime module, the mapped segment and the running call."""

    def __init__(self, runtime_path, segment_path):
        self.runtime = _load_runtime(runtime_path)
        self.fd = os.open(segment_path, os.O_RDWR)
        self.segment = mmap.mmap(self.fd, os.fstat(self.fd).st_size)
        self.original_path = list(sys.path)
        self.in_call = False
        self.exit_after_reply = False

    def remap(self, size):
        """Maps the segment at `size` bytes (growing the file first if it is smaller)."""
        if os.fstat(self.fd).st_size < size:
            os.ftruncate(self.fd, size)
        self.segment.close()  # BufferError if a view escaped: the caller replaces the worker
        self.segment = mmap.mmap(self.fd, size)

    def on_sigterm(self, signum, frame):
        if self.in_call:
            self.runtime._cancel_event.set()
            raise self.runtime.QuiverCancelled("cancelled (SIGTERM from Quiver)")

    def handle(self, body):
        reader = _Reader(body)
        (op,) = reader.unpack(struct.Struct(">B"))
        runtime = self.runtime
        self.in_call = True
        try:
            if op == DEFINE:
                (function_id,) = reader.unpack(_I32)
                spec, source = reader.text(), reader.text()
                reply, payload = runtime.define(function_id, spec, source), ()
            elif op == FORGET:
                (function_id,) = reader.unpack(_I32)
                reply, payload = runtime.forget(function_id), ()
            elif op == SET_PATH:
                entries = [entry for entry in reader.text().split("\0") if entry]
                reply, payload = runtime.set_path("\0".join(entries + self.original_path)), ()
            elif op == CALL:
                reply, payload = self.call(reader)
            elif op == PROBE:
                reply, payload = self.probe(reader.text()), ()
            else:
                reply, payload = (runtime.INTERNAL_ERROR, -1, "ValueError", f"unknown request {op}", ""), ()
        except runtime.QuiverCancelled as exc:
            reply, payload = runtime.describe(exc), ()
        finally:
            self.in_call = False
        # What a function changed process-wide is put back, as after a sub-interpreter call.
        runtime._restore_namespaces()
        return self.encode(reply, payload)

    def probe(self, modules):
        """Imports each comma-separated module: whether a batch format's package is present."""
        runtime = self.runtime
        for name in filter(None, modules.split(",")):
            try:
                __import__(name)
            except BaseException as exc:
                return (runtime.DEFINITION_ERROR, -1, type(exc).__qualname__, f"{name}: {exc}", "")
        return (runtime.OK, -1, "", "", "")

    def call(self, reader):
        runtime = self.runtime
        entry = reader.text()
        segment_size, reply_offset, count = reader.unpack(_CALL_HEAD)
        if segment_size != len(self.segment):
            self.remap(segment_size)
        if entry not in _ENTRY_POINTS:
            return (runtime.INTERNAL_ERROR, -1, "ValueError", f"unknown entry point {entry}", ""), ()
        whole = memoryview(self.segment)
        made = []
        try:
            arguments = [self.argument(reader, whole, made) for _ in range(count)]
            try:
                reply = getattr(runtime, entry)(*arguments)
            except BaseException as exc:  # _EscapedView, or QuiverCancelled outside the runtime's guard
                reply = runtime.describe(exc)
        finally:
            # A cancel that arrives now is too late for the call; raising it here would skip the
            # releases below and leave the segment exported (unmappable).
            self.in_call = False
            arguments = None
            escaped = False
            for view in reversed(made):
                try:
                    view.release()
                except BufferError:
                    escaped = True
            try:
                whole.release()
            except BufferError:
                escaped = True
        if escaped:
            reply = (runtime.ESCAPED_VIEW, -1, "BufferError", "", "")
        if reply[0] == runtime.ESCAPED_VIEW:
            self.exit_after_reply = True  # the segment cannot be remapped safely any more
            return reply, ()
        if reply[0] != runtime.OK:
            return reply, ()
        return reply[:5], self.store_payload(reply[5:], reply_offset)

    @staticmethod
    def argument(reader, whole, made):
        """Decodes one CALL argument; views over the segment are added to `made` (released after)."""
        (tag,) = reader.unpack(_TAG)
        if tag == b"L":
            return reader.unpack(_I64)[0]
        if tag == b"S":
            return reader.text()
        (count,) = reader.unpack(_I32)
        views = []
        for _ in range(count):
            offset, length, writable = reader.unpack(_BUFFER)
            if offset < 0:
                views.append(None)
                continue
            view = whole[offset:offset + length]
            made.append(view)
            if not writable:
                view = view.toreadonly()
                made.append(view)
            views.append(view)
        return tuple(views)

    def store_payload(self, payloads, offset):
        """Writes the reply's bytes payloads into the segment from `offset`: (offset, length) each."""
        sizes = [0 if payload is None else len(memoryview(payload).cast("B")) for payload in payloads]
        end = offset
        for size in sizes:
            end = (end + size + _ALIGN - 1) // _ALIGN * _ALIGN
        if end > len(self.segment):
            self.remap(max(end, 2 * len(self.segment)))
        placed = []
        position = offset
        for payload, size in zip(payloads, sizes):
            if payload is None:
                placed.append((-1, 0))
                continue
            self.segment[position:position + size] = memoryview(payload).cast("B")
            placed.append((position, size))
            position = (position + size + _ALIGN - 1) // _ALIGN * _ALIGN
        return placed

    def encode(self, reply, payload):
        status, row = reply[0], reply[1]
        arguments = reply[5] if status != self.runtime.OK and len(reply) > 5 else ""
        parts = [_REPLY_HEAD.pack(status, row), _text(reply[2]), _text(reply[3]), _text(reply[4]), _text(arguments),
                 _I64.pack(len(self.segment)), _I32.pack(len(payload))]
        parts.extend(_I64.pack(offset) + _I64.pack(length) for offset, length in payload)
        return b"".join(parts)


def _load_runtime(path):
    """Executes quiver_runtime.py as module _quiver_runtime in worker mode (no process-wide guards:
    a function that ends or signals this process ends only this worker)."""
    module = types.ModuleType("_quiver_runtime")
    module.__file__ = path
    module._QUIVER_PROCESS_WORKER = True
    sys.modules["_quiver_runtime"] = module
    with open(path, encoding="utf-8") as source:
        code = compile(source.read(), path, "exec")
    exec(code, module.__dict__)
    return module


def _limit_memory(max_bytes):
    if max_bytes <= 0:
        return
    import resource
    # RLIMIT_DATA counts the heap and private anonymous mappings (Linux >= 4.7): what a memory bomb
    # allocates, without counting the address space pyarrow's allocators reserve.
    resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))


def main():
    runtime_path, segment_path, max_memory = sys.argv[1], sys.argv[2], int(sys.argv[3])
    faulthandler.enable()  # a crash prints the Python stack to standard error, which Java keeps
    channel = _Channel()
    worker = Worker(runtime_path, segment_path)
    signal.signal(signal.SIGTERM, worker.on_sigterm)
    _limit_memory(max_memory)
    version = "%d.%d.%d" % sys.version_info[:3]
    channel.write_frame(worker.encode((worker.runtime.OK, os.getpid(), "", version, ""), ()))
    while True:
        try:
            body = channel.read_frame()
        except EOFError:
            return  # Quiver closed the channel: the worker is no longer needed
        channel.write_frame(worker.handle(body))
        if worker.exit_after_reply:
            print("quiver worker: exiting, a function kept a view of batch memory", file=sys.stderr)
            return


if __name__ == "__main__":
    main()
