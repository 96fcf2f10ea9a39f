"""A benchmark worker process: runs one Python UDF over Arrow IPC record batches read from stdin.

Started as ``python -I -c <this source> <udf source> <handler>`` by Quiver's ``bench udf`` (mode
``process-pool``). This is the workaround the field uses for parallel Python UDFs (Spark's Python
workers, for one): separate processes, each batch serialized over a pipe.

Input on stdin: one Arrow IPC *stream* (a Schema message, then RecordBatch messages, then the
end-of-stream marker) whose only column is a float64 without NULLs.
Output on stdout, per batch: the row count as a little-endian int64, then the results as raw
little-endian doubles.

pyarrow is not available here, so the stream is read by hand: each message is framed as
0xFFFFFFFF, an int32 metadata length, a flatbuffer ``Message`` padded to 8 bytes, then
``Message.bodyLength`` bytes of body; the ``RecordBatch`` header gives each buffer's offset and
length inside the body (Arrow's format/Message.fbs and format/Schema.fbs).
"""

import struct
import sys
from array import array

_CONTINUATION = 0xFFFFFFFF
# MessageHeader union tags (Message.fbs).
_SCHEMA = 1
_RECORD_BATCH = 3


class _Table:
    """A flatbuffer table: just enough to read scalars, sub-tables and vectors of structs."""

    __slots__ = ("buf", "pos", "vtable", "vtable_size")

    def __init__(self, buf, pos):
        self.buf = buf
        self.pos = pos
        # A table starts with a signed offset back to its vtable: [vtable size, table size, field offsets...].
        self.vtable = pos - struct.unpack_from("<i", buf, pos)[0]
        self.vtable_size = struct.unpack_from("<H", buf, self.vtable)[0]

    def _field_offset(self, field_id):
        entry = 4 + 2 * field_id
        if entry >= self.vtable_size:
            return 0  # written by an older schema: absent
        return struct.unpack_from("<H", self.buf, self.vtable + entry)[0]

    def scalar(self, field_id, fmt, default=0):
        offset = self._field_offset(field_id)
        return default if offset == 0 else struct.unpack_from("<" + fmt, self.buf, self.pos + offset)[0]

    def _target(self, field_id):
        offset = self._field_offset(field_id)
        if offset == 0:
            return None
        where = self.pos + offset
        return where + struct.unpack_from("<I", self.buf, where)[0]  # uoffset, relative to itself

    def table(self, field_id):
        where = self._target(field_id)
        return None if where is None else _Table(self.buf, where)

    def structs(self, field_id, fmt):
        """A vector of structs as a list of tuples; `fmt` is the struct's struct-module format."""
        where = self._target(field_id)
        if where is None:
            return []
        count = struct.unpack_from("<I", self.buf, where)[0]
        size = struct.calcsize("<" + fmt)
        return [struct.unpack_from("<" + fmt, self.buf, where + 4 + index * size) for index in range(count)]


def _read_exact(stream, size):
    data = stream.read(size)
    if len(data) != size:
        raise EOFError(f"Arrow IPC stream ended inside a message ({len(data)} of {size} bytes)")
    return data


def read_message(stream):
    """(header type, header table, body bytes) of the next message, or None at end of stream."""
    prefix = stream.read(4)
    if not prefix:
        return None  # closed without an end-of-stream marker: treat as the end too
    if len(prefix) != 4:
        raise EOFError("Arrow IPC stream ended inside a message prefix")
    (length,) = struct.unpack("<I", prefix)
    if length == _CONTINUATION:
        (length,) = struct.unpack("<i", _read_exact(stream, 4))
    if length == 0:
        return None  # end-of-stream marker
    metadata = _read_exact(stream, length)
    # Message table (Message.fbs): 0 version: short, 1 header_type: ubyte, 2 header, 3 bodyLength: long.
    message = _Table(metadata, struct.unpack_from("<I", metadata, 0)[0])
    header_type = message.scalar(1, "B")
    header = message.table(2)
    body = _read_exact(stream, message.scalar(3, "q"))
    return header_type, header, body


def float64_column(header, body):
    """The first column of a RecordBatch as a zero-copy memoryview of doubles."""
    # RecordBatch table: 0 length: long, 1 nodes: [FieldNode], 2 buffers: [Buffer], 3 compression.
    if header.table(3) is not None:
        raise ValueError("compressed record batches are not supported")
    length = header.scalar(0, "q")
    nodes = header.structs(1, "qq")      # FieldNode {length, null_count}
    buffers = header.structs(2, "qq")    # Buffer {offset, length}: validity, then data
    if nodes[0][1] != 0:
        raise ValueError("this worker only handles columns without NULLs")
    data_offset, data_length = buffers[1]
    if data_length < 8 * length:
        raise ValueError(f"data buffer holds {data_length} bytes for {length} doubles")
    return memoryview(body)[data_offset:data_offset + 8 * length].cast("d")


def main():
    if sys.byteorder != "little":
        raise SystemExit("this worker assumes a little-endian machine, like Arrow's default")
    source, handler = sys.argv[1], sys.argv[2]
    namespace = {"__name__": "udf"}
    exec(compile(source, "udf.py", "exec"), namespace)
    function = namespace[handler]
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (message := read_message(stdin)) is not None:
        header_type, header, body = message
        if header_type == _SCHEMA:
            continue  # the schema is fixed: one float64 column
        if header_type != _RECORD_BATCH:
            raise ValueError(f"unexpected Arrow IPC message type {header_type}")
        values = float64_column(header, body)
        results = array("d", map(function, values))
        stdout.write(struct.pack("<q", len(results)))
        stdout.write(results)
        stdout.flush()


if __name__ == "__main__":
    main()
