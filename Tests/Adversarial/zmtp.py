"""A raw ZMTP 3.0 client (NULL mechanism) over a plain TCP socket, for the adversarial suite.

libzmq clients cannot misbehave at the framing level: they never leave a multipart message
unfinished, and they read whatever the peer sends. This client speaks the wire itself
(https://rfc.zeromq.org/spec/23/): the 64-byte greeting, a READY command carrying the
Socket-Type, then frames with any flags the test chooses. Every send reports whether the
node has disconnected it (that is a pass for the suite: a guard dropped the attacker)."""
import socket
import struct
import time

FLAG_MORE, FLAG_LONG, FLAG_COMMAND = 0x01, 0x02, 0x04


def greeting() -> bytes:
    """Signature, version 3.0, mechanism NULL, as-server 0, filler: 64 bytes."""
    return b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" + b"\x00" * 31


def frame(body: bytes, more: bool = False, command: bool = False) -> bytes:
    """One frame: flags, size (1 byte, or 8 bytes big-endian when LONG), body."""
    flags = (FLAG_MORE if more else 0) | (FLAG_COMMAND if command else 0)
    if len(body) > 255:
        return bytes([flags | FLAG_LONG]) + struct.pack(">Q", len(body)) + body
    return bytes([flags, len(body)]) + body


def ready(socket_type: bytes) -> bytes:
    """The READY command with the Socket-Type property (what the node's socket expects)."""
    name = b"Socket-Type"
    body = b"\x05READY" + bytes([len(name)]) + name + struct.pack(">I", len(socket_type)) + socket_type
    return frame(body, command=True)


class Disconnected(Exception):
    """The node closed the connection (or reset it)."""


class RawZMTP:
    """One TCP connection speaking ZMTP 3.0 as a `socket_type` peer (DEALER, SUB, ...).

    The constructor completes the handshake (greeting, READY both ways) or raises.
    `send` returns False instead of raising when the node has disconnected this client."""

    def __init__(self, host: str, port: int, socket_type: bytes = b"DEALER", timeout: float = 5.0,
                 receive_buffer: int = 0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            # A small receive window makes a client that never reads push back on the node at once.
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(timeout)
        self.sock.connect((host, port))
        self._buffer = b""
        self.disconnected = False
        # Step by step: libzmq stalls when the greeting and what follows arrive in one segment.
        deadline = time.monotonic() + timeout
        self.sock.sendall(greeting())
        self._read(64, deadline)
        self.sock.sendall(ready(socket_type))
        self._read_frame(deadline)  # the node's READY
        self.sock.settimeout(timeout)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data: bytes, timeout: float = None) -> bool:
        """Writes raw bytes (already framed). False when the node disconnected us; raises
        socket.timeout when the node stops reading for `timeout` seconds."""
        if self.disconnected:
            return False
        if timeout is not None:
            self.sock.settimeout(timeout)
        try:
            self.sock.sendall(data)
            return True
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.disconnected = True
            return False

    def send_message(self, frames, timeout: float = None) -> bool:
        """A complete multipart message (the last frame without MORE)."""
        data = b"".join(frame(body, more=index < len(frames) - 1) for index, body in enumerate(frames))
        return self.send(data, timeout)

    def _read(self, count: int, deadline: float) -> bytes:
        while len(self._buffer) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise socket.timeout("no data")
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except (ConnectionResetError, ConnectionAbortedError) as error:
                self.disconnected = True
                raise Disconnected(str(error))
            if not chunk:
                self.disconnected = True
                raise Disconnected("closed by the node")
            self._buffer += chunk
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def recv_message(self, timeout: float = 5.0):
        """The next complete message's frames (commands skipped). Raises socket.timeout or
        Disconnected."""
        deadline = time.monotonic() + timeout
        frames = []
        while True:
            flags, body = self._read_frame(deadline)
            if flags & FLAG_COMMAND:
                continue
            frames.append(body)
            if not flags & FLAG_MORE:
                return frames

    def _read_frame(self, deadline):
        flags = self._read(1, deadline)[0]
        size = struct.unpack(">Q", self._read(8, deadline))[0] if flags & FLAG_LONG else self._read(1, deadline)[0]
        return flags, self._read(size, deadline)

    def peer_closed(self, timeout: float = 0.0) -> bool:
        """True when the node has closed the connection (reads and discards what it sent)."""
        if self.disconnected:
            return True
        deadline = time.monotonic() + timeout
        while True:
            self.sock.settimeout(max(0.001, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return False
            except OSError:
                self.disconnected = True
                return True
            if not chunk:
                self.disconnected = True
                return True
            if time.monotonic() >= deadline:
                return False
