"""An HTTP/2 peer for frame-level tests, on python3-h2 (an independent implementation).

Usage: python3 h2peer.py [--tls CA_FILE] PORT SCENARIO [ARG...]

Each scenario talks to the server on 127.0.0.1:PORT, with prior knowledge (h2c) or, with --tls,
over TLS: ALPN h2, SNI localhost, the server's certificate checked against the authority in
CA_FILE, and https as every request's :scheme. It prints what it observes as lines
"EVENT key=value ..." on stdout, which the Java test reads and asserts on. A scenario that needs
the test to act at some point prints "waiting" and reads a line from stdin before it goes on.
Well-formed traffic goes through h2's connection state machine; what h2 refuses to send
(malformed requests, floods) is written as raw frames (hpack for header blocks).
"""
import socket
import ssl
import struct
import sys
import time
from collections import deque

import h2.config
import h2.connection
import h2.events
import h2.settings
import hpack

DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = range(10)
END_STREAM, ACK, END_HEADERS = 0x1, 0x1, 0x4
TIMEOUT = 15
# Set by --tls: the TLS context, and the scheme of the connection.
TLS = None
SCHEME = 'http'


def say(*words):
    print(' '.join(str(w) for w in words), flush=True)


def wait_for_go():
    say('waiting')
    if sys.stdin.readline().strip() != 'go':
        raise SystemExit('expected go on stdin')


def request_headers(method, path, extra=()):
    return [(':method', method), (':scheme', SCHEME), (':path', path), (':authority', '127.0.0.1')] + list(extra)


def connect(port):
    """A connection to the server: a socket, or a TLS socket once the server has chosen h2."""
    plain = socket.create_connection(('127.0.0.1', port), timeout=TIMEOUT)
    if TLS is None:
        return plain
    tls = TLS.wrap_socket(plain, server_hostname='localhost')
    if tls.selected_alpn_protocol() != 'h2':
        raise SystemExit('the server chose %r by ALPN, not h2' % tls.selected_alpn_protocol())
    return tls


class Client:
    """A client on h2's state machine over a blocking socket."""

    def __init__(self, port, settings=None):
        self.sock = connect(port)
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding='utf-8'))
        self.conn.initiate_connection()
        if settings:
            self.conn.update_settings(settings)
        self.flush()
        self.events = deque()
        self.closed = False
        self.handshake()

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.sendall(data)

    def pump(self, timeout=TIMEOUT):
        """Reads once and queues the events; False at the end of the stream."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
        except ConnectionResetError:
            data = b''
        if not data:
            self.closed = True
            return False
        self.events.extend(self.conn.receive_data(data))
        self.flush()
        return True

    def handshake(self):
        """Reads the server's first flight: its SETTINGS and window updates."""
        while not any(isinstance(e, h2.events.RemoteSettingsChanged) for e in self.events):
            if not self.pump():
                raise SystemExit('closed during the handshake')
        try:
            while self.pump(0.3):
                pass
        except socket.timeout:
            pass

    def next_event(self, timeout=TIMEOUT, accept=lambda e: True):
        """The next event that passes accept (others stay queued); None on close or timeout."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if accept(event):
                    self.events.remove(event)
                    return event
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                if not self.pump(remaining):
                    return None
            except socket.timeout:
                return None

    def request(self, method, path, extra=(), body=None, end=True):
        sid = self.conn.get_next_available_stream_id()
        headers = request_headers(method, path, extra)
        self.conn.send_headers(sid, headers, end_stream=end and body is None)
        if body is not None:
            self.send_all(sid, body, end)
        self.flush()
        return sid

    def send_all(self, sid, body, end=True):
        """Sends the body as the windows allow, reading what arrives meanwhile."""
        offset = 0
        while offset < len(body):
            window = min(self.conn.local_flow_control_window(sid), self.conn.max_outbound_frame_size)
            if window <= 0:
                self.pump()
                continue
            chunk = body[offset:offset + window]
            self.conn.send_data(sid, chunk)
            offset += len(chunk)
            self.flush()
        if end:
            self.conn.end_stream(sid)
            self.flush()

    def response(self, sid, timeout=TIMEOUT, acknowledge=True):
        """Status, body, trailers and reset code of a stream, once it has ended or been reset."""
        result = {'status': 'none', 'body': b'', 'trailers': {}, 'reset': 'none', 'headers': {}}
        deadline = time.monotonic() + timeout

        def mine(e):
            return getattr(e, 'stream_id', None) == sid or isinstance(e, h2.events.ConnectionTerminated)
        while True:
            event = self.next_event(deadline - time.monotonic(), mine)
            if event is None:
                return result
            if isinstance(event, h2.events.ResponseReceived):
                result['headers'] = dict(event.headers)
                result['status'] = int(result['headers'][':status'])
            elif isinstance(event, h2.events.DataReceived):
                result['body'] += event.data
                if acknowledge:
                    self.conn.acknowledge_received_data(event.flow_controlled_length, sid)
                    self.flush()
            elif isinstance(event, h2.events.TrailersReceived):
                result['trailers'] = dict(event.headers)
            elif isinstance(event, h2.events.StreamEnded):
                return result
            elif isinstance(event, h2.events.StreamReset):
                result['reset'] = event.error_code
                return result
            elif isinstance(event, h2.events.ConnectionTerminated):
                result['reset'] = 'goaway'
                return result

    def raw_frame(self, frame_type, flags, sid, payload):
        """A frame written behind h2's back (h2 would refuse it)."""
        self.sock.sendall(struct.pack('>I', len(payload))[1:] + struct.pack('>BBI', frame_type, flags, sid) + payload)

    def close(self):
        self.sock.close()


def status_line(name, result):
    say(name, 'status=%s' % result['status'], 'reset=%s' % result['reset'],
        'body=%s' % result['body'].decode('utf-8', 'replace').replace(' ', '_'))


class RawConnection:
    """Frames on a socket, without any state machine: for requests h2 would not send."""

    def __init__(self, port):
        self.sock = connect(port)
        self.encoder = hpack.Encoder()
        self.decoder = hpack.Decoder()
        self.buffer = b''
        self.sock.sendall(b'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')
        self.frame(SETTINGS, 0, 0, b'')

    def frame(self, frame_type, flags, sid, payload):
        self.sock.sendall(struct.pack('>I', len(payload))[1:] + struct.pack('>BBI', frame_type, flags, sid) + payload)

    def header_block(self, headers):
        # Literal fields never indexed: the server's decoding table stays as it was.
        return self.encoder.encode([hpack.NeverIndexedHeaderTuple(n, v) for n, v in headers], huffman=False)

    def headers(self, sid, headers, end=True):
        self.frame(HEADERS, END_HEADERS | (END_STREAM if end else 0), sid, self.header_block(headers))

    def read(self):
        """The next frame as (type, flags, stream, payload); None at the end of the stream."""
        while True:
            if len(self.buffer) >= 9:
                length = struct.unpack('>I', b'\0' + self.buffer[:3])[0]
                if len(self.buffer) >= 9 + length:
                    frame_type, flags, sid = struct.unpack('>BBI', self.buffer[3:9])
                    payload = self.buffer[9:9 + length]
                    self.buffer = self.buffer[9 + length:]
                    if frame_type == SETTINGS and not flags & ACK:
                        self.frame(SETTINGS, ACK, 0, b'')
                    if frame_type == PING and not flags & ACK:
                        self.frame(PING, ACK, 0, payload)
                    if frame_type == HEADERS:
                        payload = dict(self.decoder.decode(payload))
                    return frame_type, flags, sid & 0x7fffffff, payload
            try:
                data = self.sock.recv(65536)
            except ConnectionResetError:
                data = b''
            if not data:
                return None
            self.buffer += data

    def outcome(self, sid):
        """How the server answered a stream: 'status=N', 'rst=CODE', 'goaway=CODE' or 'closed'."""
        while True:
            frame = self.read()
            if frame is None:
                return 'closed'
            frame_type, flags, stream, payload = frame
            if frame_type == GOAWAY:
                return 'goaway=%d' % struct.unpack('>I', payload[4:8])[0]
            if stream != sid:
                continue
            if frame_type == RST_STREAM:
                return 'rst=%d' % struct.unpack('>I', payload)[0]
            if frame_type == HEADERS:
                return 'status=%s' % payload.get(':status')


# ---- scenarios ----

def malformed_cases():
    """Requests by name, each malformed in its own way but 'valid'. Their scheme is the
    connection's (http, or https over TLS) but in 'scheme-not-the-connections'."""
    other_scheme = 'http' if SCHEME == 'https' else 'https'
    return {
        'missing-path': [(':method', 'GET'), (':scheme', SCHEME), (':authority', 'a')],
        'missing-method': [(':scheme', SCHEME), (':path', '/'), (':authority', 'a')],
        'missing-scheme': [(':method', 'GET'), (':path', '/'), (':authority', 'a')],
        'pseudo-after-regular': [(':method', 'GET'), (':scheme', SCHEME), ('x-a', '1'), (':path', '/')],
        'unknown-pseudo': request_headers('GET', '/', [(':foo', 'x')]),
        'duplicate-path': request_headers('GET', '/', [(':path', '/again')]),
        'response-pseudo': request_headers('GET', '/', [(':status', '200')]),
        'uppercase-name': request_headers('GET', '/', [('X-Upper', '1')]),
        'nul-in-value': request_headers('GET', '/', [('x-a', 'a\x00b')]),
        'connection': request_headers('GET', '/', [('connection', 'keep-alive')]),
        'keep-alive': request_headers('GET', '/', [('keep-alive', '5')]),
        'proxy-connection': request_headers('GET', '/', [('proxy-connection', 'keep-alive')]),
        'transfer-encoding': request_headers('GET', '/', [('transfer-encoding', 'chunked')]),
        'upgrade': request_headers('GET', '/', [('upgrade', 'h2c')]),
        'te-gzip': request_headers('GET', '/', [('te', 'gzip')]),
        'te-trailers': request_headers('GET', '/', [('te', 'trailers')]),
        'host-differs': request_headers('GET', '/', [('host', 'elsewhere.example')]),
        'host-same': request_headers('GET', '/', [('host', '127.0.0.1')]),
        'path-not-origin-form': [(':method', 'GET'), (':scheme', SCHEME), (':path', 'relative'), (':authority', 'a')],
        'space-in-path': [(':method', 'GET'), (':scheme', SCHEME), (':path', '/a b'), (':authority', 'a')],
        'scheme-not-the-connections': [(':method', 'GET'), (':scheme', other_scheme), (':path', '/'),
                                       (':authority', 'a')],
        'valid': request_headers('GET', '/'),
    }


def malformed(port):
    """Each request on its own stream of one connection: the connection must survive them all."""
    conn = RawConnection(port)
    sid = 1
    for name, headers in malformed_cases().items():
        conn.headers(sid, headers)
        say('case', name, conn.outcome(sid))
        sid += 2


def header_limits(port, field_size):
    field_size = int(field_size)
    conn = RawConnection(port)
    cases = {
        'count-at-limit': [('x-h%d' % i, 'v') for i in range(99)],
        'count-over-limit': [('x-h%d' % i, 'v') for i in range(101)],
        'field-over-limit': [('x-big', 'b' * (field_size + 1))],
        'list-over-limit': [('x-h%d' % i, 'v' * 8000) for i in range(5)],
    }
    sid = 1
    for name, extra in cases.items():
        # The header block may be larger than a frame: HEADERS, then CONTINUATION frames.
        block = conn.header_block(request_headers('GET', '/', extra))
        chunks = [block[i:i + 16384] for i in range(0, len(block), 16384)]
        for i, chunk in enumerate(chunks):
            last = END_HEADERS if i == len(chunks) - 1 else 0
            conn.frame(HEADERS if i == 0 else CONTINUATION, last | (END_STREAM if i == 0 else 0), sid, chunk)
        say('case', name, conn.outcome(sid))
        sid += 2


def flow(port, path, total):
    """Sends a body larger than the stream window to a handler that does not read it yet."""
    total = int(total)
    client = Client(port)
    sid = client.conn.get_next_available_stream_id()
    client.conn.send_headers(sid, request_headers('POST', path, [('content-length', str(total))]))
    client.flush()
    sent = 0
    body = b'f' * total
    while client.conn.local_flow_control_window(sid) > 0:
        chunk = min(client.conn.local_flow_control_window(sid), client.conn.max_outbound_frame_size, total - sent)
        client.conn.send_data(sid, body[sent:sent + chunk])
        sent += chunk
        client.flush()
    # The window is used up: the server must not open it while the application is not reading.
    updates = 0
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        event = client.next_event(deadline - time.monotonic())
        if isinstance(event, h2.events.WindowUpdated) and event.stream_id == sid:
            updates += 1
    say('held', 'sent=%d' % sent, 'window=%d' % client.conn.local_flow_control_window(sid), 'updates=%d' % updates)
    wait_for_go()
    client.send_all(sid, body[sent:])
    status_line('response', client.response(sid))


def client_reset(port, path):
    """Starts a request body, then resets the stream; the connection carries on."""
    client = Client(port)
    sid = client.request('POST', path, [('content-length', '100000')], body=b'first bytes', end=False)
    time.sleep(0.5)
    client.conn.reset_stream(sid, error_code=8)  # CANCEL
    client.flush()
    say('reset', 'stream=%d' % sid)
    status_line('after', client.response(client.request('GET', '/')))


def abort(port, path):
    """A request the application aborts, and one after it on the same connection."""
    client = Client(port)
    status_line('aborted', client.response(client.request('GET', path)))
    status_line('after', client.response(client.request('GET', '/')))


def shutdown(port, path):
    """A request in flight while the server stops: GOAWAY twice, it completes, a later one is not served."""
    conn = RawConnection(port)
    sid = 1
    conn.headers(sid, request_headers('GET', path))
    say('sent', 'stream=%d' % sid)
    status = None
    late = None
    late_answered = False
    goaways = 0
    while True:
        frame = conn.read()
        if frame is None:
            break
        frame_type, flags, stream, payload = frame
        if frame_type == GOAWAY:
            goaways += 1
            last = struct.unpack('>I', payload[:4])[0] & 0x7fffffff
            say('goaway', 'error=%d' % struct.unpack('>I', payload[4:8])[0], 'last=%d' % last)
            if goaways == 2:
                # A stream the server has said it will not process.
                late = sid + 2
                conn.headers(late, request_headers('GET', '/'))
                say('late', 'stream=%d' % late)
        elif frame_type == HEADERS and stream == sid:
            status = payload.get(':status')
        elif late is not None and stream == late and frame_type in (HEADERS, DATA):
            late_answered = True
    say('response', 'status=%s' % status, 'late-answered=%s' % late_answered)
    say('closed')


def frames(port, *requests):
    """Each request (METHOD:PATH) on its own stream, one after the other, and the frames of its
    response: HEADERS, DATA:LENGTH, TRAILERS or RST:CODE, each with :end when it ends the stream."""
    conn = RawConnection(port)
    sid = 1
    for request in requests:
        method, path = request.split(':', 1)
        conn.headers(sid, request_headers(method, path))
        head = None
        seen = []
        while not seen or not (seen[-1].endswith(':end') or seen[-1].startswith(('RST', 'GOAWAY', 'closed'))):
            frame = conn.read()
            if frame is None:
                seen.append('closed')
                break
            frame_type, flags, stream, payload = frame
            if frame_type == GOAWAY:
                seen.append('GOAWAY')
            elif stream != sid:
                continue
            elif frame_type == RST_STREAM:
                seen.append('RST:%d' % struct.unpack('>I', payload)[0])
            elif frame_type in (HEADERS, DATA):
                if frame_type == DATA:
                    name = 'DATA:%d' % len(payload)
                elif head is None:
                    head = payload
                    name = 'HEADERS'
                else:
                    name = 'TRAILERS'
                seen.append(name + (':end' if flags & END_STREAM else ''))
        head = head or {}
        say('response', 'request=%s' % request, 'status=%s' % head.get(':status'),
            'content-length=%s' % head.get('content-length', 'none'), 'frames=%s' % ','.join(seen))
        sid += 2


def trailers(port, path):
    """A request with trailers; the response's trailers."""
    client = Client(port)
    sid = client.conn.get_next_available_stream_id()
    client.conn.send_headers(sid, request_headers('POST', path, [('te', 'trailers')]))
    client.conn.send_data(sid, b'hello ')
    client.conn.send_data(sid, b'world')
    client.conn.send_headers(sid, [('checksum', 'abc123')], end_stream=True)
    client.flush()
    result = client.response(sid)
    status_line('response', result)
    say('trailers', ' '.join('%s=%s' % kv for kv in sorted(result['trailers'].items())))


def unread(port, path, length):
    """Sends part of a body the application never reads: the response, then RST_STREAM(NO_ERROR)."""
    client = Client(port)
    sid = client.request('POST', path, [('content-length', length)], body=b'x' * 1000, end=False)
    status_line('response', client.response(sid))
    reset = client.next_event(5, lambda e: isinstance(e, h2.events.StreamReset) and e.stream_id == sid)
    say('reset', 'error=%s' % (reset.error_code if reset else 'none'))
    status_line('after', client.response(client.request('GET', '/')))


def slow_reader(port, path, patience):
    """Asks for a large response and reads none of it, for at most patience seconds."""
    client = Client(port)
    start = time.monotonic()
    result = client.response(client.request('GET', path), timeout=float(patience), acknowledge=False)
    say('cut', 'reset=%s' % result['reset'], 'received=%d' % len(result['body']),
        'after=%.1f' % (time.monotonic() - start))
    # What it held filled the connection's window as well: handed back for the next request.
    if result['body']:
        client.conn.increment_flow_control_window(len(result['body']))
        client.flush()
    status_line('after', client.response(client.request('GET', '/')))


def slow_body(port, path):
    """Trickles a body at 50 bytes/s."""
    client = Client(port)
    sid = client.request('POST', path, [('content-length', '100000')], end=False)
    start = time.monotonic()
    result = None
    while result is None:
        client.conn.send_data(sid, b'b' * 10)
        client.flush()
        event = client.next_event(0.2, lambda e: getattr(e, 'stream_id', None) == sid)
        if isinstance(event, h2.events.ResponseReceived):
            result = dict(event.headers)[':status']
        elif isinstance(event, h2.events.StreamReset):
            result = 'reset %d' % event.error_code
    say('response', 'status=%s' % result, 'after=%.1f' % (time.monotonic() - start))
    reset = client.next_event(5, lambda e: isinstance(e, h2.events.StreamReset) and e.stream_id == sid)
    say('reset', 'error=%s' % (reset.error_code if reset else 'none'))


def idle(port):
    """One request, then nothing: the server says GOAWAY and closes after its keep-alive timeout."""
    client = Client(port)
    status_line('response', client.response(client.request('GET', '/')))
    start = time.monotonic()
    goaway = client.next_event(TIMEOUT, lambda e: isinstance(e, h2.events.ConnectionTerminated))
    say('goaway', 'error=%s' % (goaway.error_code if goaway else 'none'), 'after=%.1f' % (time.monotonic() - start))
    try:
        while client.pump():
            pass
        say('closed', 'after=%.1f' % (time.monotonic() - start))
    except socket.timeout:
        say('open', 'after=%.1f' % (time.monotonic() - start))


def keepalive_ping(port, answer, seconds):
    """Stays silent for a while; answers the server's PINGs only when told to."""
    seconds = float(seconds)
    sock = connect(port)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    start = time.monotonic()
    pings = 0
    closed = False
    while time.monotonic() - start < seconds:
        sock.settimeout(max(0.05, seconds - (time.monotonic() - start)))
        try:
            data = sock.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            data = b''
        if not data:
            closed = True
            break
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.PingReceived):
                pings += 1
        out = conn.data_to_send()  # acknowledgements, PING ACKs among them
        if answer == 'answer' and out:
            sock.sendall(out)
    say('pings', 'count=%d' % pings, 'closed=%s' % closed, 'after=%.1f' % (time.monotonic() - start))


def max_streams(port, path, count):
    """Opens more concurrent streams than the server allows, each held open by its request body
    until told to go, then ends the bodies of those not refused and reads their responses."""
    client = Client(port)
    say('limit', 'max=%s' % client.conn.remote_settings.max_concurrent_streams)
    # h2 would refuse to open the extra streams: the server's limit is lifted on this side.
    client.conn.remote_settings[h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS] = 1000
    client.conn.remote_settings.acknowledge()
    sids = [client.request('POST', path, end=False) for _ in range(int(count))]
    say('sent', 'streams=%d' % len(sids))
    refused = client.next_event(3, lambda e: isinstance(e, h2.events.StreamReset) and e.stream_id == sids[-1])
    say('extra', 'reset=%s' % (refused.error_code if refused else 'none'))
    wait_for_go()
    held = sids[:-1] if refused else sids
    for sid in held:
        client.conn.end_stream(sid)
    client.flush()
    for sid in held:
        status_line('stream', client.response(sid))


def back_pressure(port, path):
    """Reads a streamed response only after a pause: the server must wait for the client's window."""
    client = Client(port)
    sid = client.request('GET', path)
    received = 0
    status = 'none'
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        event = client.next_event(deadline - time.monotonic())
        if isinstance(event, h2.events.ResponseReceived):
            status = dict(event.headers)[':status']
        elif isinstance(event, h2.events.DataReceived):
            received += len(event.data)
    say('stalled', 'received=%d' % received)
    wait_for_go()
    # Everything held so far is acknowledged at once; the rest as it comes.
    client.conn.acknowledge_received_data(received, sid)
    client.flush()
    result = client.response(sid, timeout=60)
    say('complete', 'status=%s' % status, 'received=%d' % (received + len(result['body'])),
        'reset=%s' % result['reset'])


def echo(port, path, total):
    """Sends a large body to an echoing handler while reading the echo: both directions flow."""
    total = int(total)
    client = Client(port)
    sid = client.conn.get_next_available_stream_id()
    client.conn.send_headers(sid, request_headers('POST', path))
    client.flush()
    body = bytes(i % 251 for i in range(total))
    received = bytearray()
    sent = 0
    ended = False
    while not ended:
        window = min(client.conn.local_flow_control_window(sid), client.conn.max_outbound_frame_size, total - sent)
        if window > 0:
            client.conn.send_data(sid, body[sent:sent + window], end_stream=sent + window == total)
            sent += window
            client.flush()
        timeout = 0.01 if sent < total else TIMEOUT
        try:
            if not client.pump(timeout):
                break
        except socket.timeout:
            pass
        while client.events:
            event = client.events.popleft()
            if isinstance(event, h2.events.DataReceived):
                received += event.data
                client.conn.acknowledge_received_data(event.flow_controlled_length, sid)
                client.flush()
            elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset)):
                ended = True
    say('echo', 'sent=%d' % sent, 'received=%d' % len(received), 'intact=%s' % (bytes(received) == body))


def served_to_the_end(conn, sid):
    """Reads until the server ends its side of a stream: 'end', 'rst', 'goaway' or 'closed'."""
    while True:
        frame = conn.read()
        if frame is None:
            return 'closed'
        frame_type, flags, stream, payload = frame
        if frame_type == GOAWAY:
            return 'goaway'
        if stream == sid and frame_type == RST_STREAM:
            return 'rst'
        if stream == sid and frame_type in (HEADERS, DATA) and flags & END_STREAM:
            return 'end'


def after_a_frame_on(conn, sid):
    """What the server does after a frame it must ignore: 'ignored' when the next request is
    answered with nothing on the stream in between, else what came."""
    probe = sid + 2
    conn.headers(probe, request_headers('GET', '/'))
    while True:
        frame = conn.read()
        if frame is None:
            return 'closed'
        frame_type, flags, stream, payload = frame
        if frame_type == GOAWAY:
            return 'goaway=%d' % struct.unpack('>I', payload[4:8])[0]
        if stream == sid and frame_type == RST_STREAM:
            return 'rst=%d' % struct.unpack('>I', payload)[0]
        if stream == sid:
            return 'frame=%d' % frame_type
        if stream == probe and frame_type == HEADERS:
            return 'ignored'


def next_request_served(conn, sid):
    conn.headers(sid, request_headers('GET', '/'))
    return conn.outcome(sid)


def closed_normally(conn):
    """HEADERS on a stream that ended both ways (RFC 9113 5.1: connection error STREAM_CLOSED)."""
    conn.headers(1, request_headers('GET', '/'))
    if served_to_the_end(conn, 1) != 'end':
        return 'not-served'
    conn.headers(1, request_headers('GET', '/'))
    return conn.outcome(1)


def data_after_end(conn):
    """DATA on a stream that ended both ways (5.1: connection error STREAM_CLOSED)."""
    conn.headers(1, request_headers('GET', '/'))
    if served_to_the_end(conn, 1) != 'end':
        return 'not-served'
    conn.frame(DATA, END_STREAM, 1, b'late')
    return conn.outcome(1)


def lower_id(conn):
    """A new stream below one already opened (5.1.1: connection error PROTOCOL_ERROR)."""
    conn.headers(5, request_headers('GET', '/'))
    if served_to_the_end(conn, 5) != 'end':
        return 'not-served'
    conn.headers(3, request_headers('GET', '/'))
    return conn.outcome(3)


def lower_id_while_open(conn):
    """The same while the higher stream is still open."""
    conn.headers(5, request_headers('POST', '/echo'), end=False)
    conn.headers(3, request_headers('GET', '/'))
    return conn.outcome(3)


def half_closed_headers(conn):
    """A second HEADERS with END_STREAM on a half-closed (remote) stream whose handler is still
    at work (5.1: stream error STREAM_CLOSED); the connection carries on."""
    conn.headers(1, request_headers('GET', '/hold'))
    conn.headers(1, request_headers('GET', '/hold'))
    return conn.outcome(1) + ' then ' + next_request_served(conn, 3)


def trailers_pseudo(conn):
    """A pseudo-header field in trailers (8.1: malformed, stream error PROTOCOL_ERROR)."""
    conn.headers(1, request_headers('POST', '/echo'), end=False)
    conn.frame(DATA, 0, 1, b'abc')
    conn.frame(HEADERS, END_HEADERS | END_STREAM, 1, conn.header_block([(':path', '/elsewhere')]))
    return conn.outcome(1) + ' then ' + next_request_served(conn, 3)


def data_after_client_reset(conn):
    """DATA after the client's own RST_STREAM (5.1: stream error STREAM_CLOSED)."""
    conn.headers(1, request_headers('POST', '/echo'), end=False)
    conn.frame(RST_STREAM, 0, 1, struct.pack('>I', 8))
    conn.frame(DATA, 0, 1, b'late')
    return after_a_frame_on(conn, 1)


def data_after_server_reset(conn):
    """DATA the client sent before it saw the server's RST_STREAM (5.1: ignored)."""
    conn.headers(1, [(':method', 'POST'), (':scheme', SCHEME), (':path', '/a b'), (':authority', 'a')], end=False)
    if conn.outcome(1) != 'status=400' or served_to_the_end(conn, 1) != 'rst':
        return 'not-refused'
    conn.frame(DATA, 0, 1, b'in flight')
    return after_a_frame_on(conn, 1)


STREAM_STATE_CASES = {
    'closed-normally': closed_normally,
    'data-after-end': data_after_end,
    'lower-id': lower_id,
    'lower-id-while-open': lower_id_while_open,
    'half-closed-headers': half_closed_headers,
    'trailers-pseudo': trailers_pseudo,
    'data-after-client-reset': data_after_client_reset,
    'data-after-server-reset': data_after_server_reset,
}


def stream_states(port, times, *cases):
    """Each case on a connection of its own, the given number of times over, interleaved."""
    for _ in range(int(times)):
        for name in cases:
            conn = RawConnection(port)
            say('case', name, 'outcome=%s' % STREAM_STATE_CASES[name](conn).replace(' ', '_'))
            conn.sock.close()


def bad_preface(port):
    """A connection preface that is not HTTP/2's, and what the server answers."""
    sock = connect(port)
    sock.sendall(b'PRI * HTTP/2.0\r\n\r\nXY\r\n\r\n' + struct.pack('>I', 0)[1:] + struct.pack('>BBI', SETTINGS, 0, 0))
    received = b''
    sock.settimeout(TIMEOUT)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            received += data
    except (ConnectionResetError, socket.timeout):
        pass
    if received.startswith(b'HTTP/1.1 '):
        say('answer', 'http1=%s' % received.split(b' ')[1].decode())
        return
    while len(received) >= 9:
        length = struct.unpack('>I', b'\0' + received[:3])[0]
        if received[3] == GOAWAY:
            say('answer', 'goaway=%d' % struct.unpack('>I', received[13:17])[0])
            return
        received = received[9 + length:]
    say('answer', 'closed')


SCENARIOS = {
    'malformed': malformed,
    'header-limits': header_limits,
    'flow': flow,
    'client-reset': client_reset,
    'abort': abort,
    'shutdown': shutdown,
    'trailers': trailers,
    'frames': frames,
    'unread': unread,
    'slow-reader': slow_reader,
    'slow-body': slow_body,
    'idle': idle,
    'keepalive-ping': keepalive_ping,
    'max-streams': max_streams,
    'back-pressure': back_pressure,
    'echo': echo,
    'stream-states': stream_states,
    'bad-preface': bad_preface,
}

if __name__ == '__main__':
    args = sys.argv[1:]
    if args[:1] == ['--tls']:
        TLS = ssl.create_default_context(cafile=args[1])
        TLS.set_alpn_protocols(['h2'])
        SCHEME = 'https'
        args = args[2:]
    SCENARIOS[args[1]](int(args[0]), *args[2:])
