package dev.harrier.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A socket speaking HTTP/1.x by hand, for what ordinary clients will not send: pipelined
 * batches, bad requests, {@code Expect: 100-continue} on our terms, upgrades. In cleartext or
 * over TLS ({@link #openTls}), where the bytes sent and read are those inside the TLS connection.
 */
public final class RawConnection implements AutoCloseable {

    private static final int DEFAULT_TIMEOUT_MILLIS = 15_000;

    /** Options set on the TCP socket before it connects (a small receive buffer, for example). */
    @FunctionalInterface
    public interface SocketOptions {
        void set(Socket socket) throws IOException;
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(DEFAULT_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        boolean tls = socket instanceof SSLSocket;
        this.in = new java.io.BufferedInputStream(tls ? new TlsInput(socket.getInputStream()) : socket.getInputStream());
        this.out = tls ? new TlsOutput(socket.getOutputStream()) : socket.getOutputStream();
    }

    public static RawConnection open(String host, int port) throws IOException {
        return open(host, port, socket -> { });
    }

    /** A cleartext connection, its socket set up by {@code options} before it connects. */
    public static RawConnection open(String host, int port, SocketOptions options) throws IOException {
        return new RawConnection(connected(host, port, options));
    }

    /**
     * A TLS connection trusting {@code context}'s authorities, asking for {@code serverName} by
     * SNI (whose certificate must name it) and offering {@code applicationProtocol} alone by
     * ALPN. The handshake happens with the first read or write, as a client's first bytes start
     * it: a server that closes a connection at once (over a limit, stopping) is seen when the
     * client writes or reads, as in cleartext, rather than here.
     */
    public static RawConnection openTls(String host, int port, SSLContext context, String serverName,
            String applicationProtocol, SocketOptions options) throws IOException {
        Socket plain = connected(host, port, options);
        try {
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, serverName, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(new String[] {applicationProtocol});
            socket.setSSLParameters(parameters);
            return new RawConnection(socket);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static Socket connected(String host, int port, SocketOptions options) throws IOException {
        Socket socket = new Socket();
        try {
            options.set(socket);
            socket.connect(new InetSocketAddress(host, port), DEFAULT_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Speaks over an already connected socket, for example an {@link javax.net.ssl.SSLSocket}. */
    public static RawConnection over(Socket socket) throws IOException {
        return new RawConnection(socket);
    }

    public Socket socket() {
        return socket;
    }

    public InputStream input() {
        return in;
    }

    /** Sends text (ISO-8859-1, as HTTP heads are) in one write. */
    public RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Closes the sending direction only. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one response (a 1xx one included) to a request that was not HEAD. */
    public RawResponse read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code head} when it answers a HEAD request (no body follows). */
    public RawResponse read(boolean head) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new EOFException("The connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("Not a status line: '" + statusLine + "'");
        }
        RawResponse.Builder response = new RawResponse.Builder(parts[0], Integer.parseInt(parts[1]));
        readFields(response::header);
        int status = response.status();
        if (head || status < 200 || status == 204 || status == 304) {
            return response.build();
        }
        String transferEncoding = response.header("transfer-encoding");
        String contentLength = response.header("content-length");
        if (transferEncoding != null && transferEncoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            readChunked(response);
        } else if (contentLength != null) {
            response.body(readExactly(Integer.parseInt(contentLength.trim())));
        } else {
            response.body(in.readAllBytes()); // delimited by the end of the connection
        }
        return response.build();
    }

    /** Reads one response that is not 1xx, asserting none was sent first. */
    public RawResponse readFinal() throws IOException {
        RawResponse response = read();
        if (response.status() < 200) {
            throw new AssertionError("Unexpected interim response " + response.status());
        }
        return response;
    }

    /** Reads bytes as they come, exactly {@code n} of them. */
    public byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("The connection closed after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /**
     * Waits until the server closes the connection (end of stream or reset), reading and
     * dropping anything it still sends; fails if it stays open longer than {@code within}.
     *
     * @return what was read before the end
     */
    public byte[] awaitClosed(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (;;) {
                int n = in.read(buffer);
                if (n < 0) {
                    return rest.toByteArray();
                }
                rest.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("The server kept the connection open for " + within + " (received "
                    + rest.size() + " bytes: " + rest.toString(StandardCharsets.ISO_8859_1) + ")");
        } catch (SocketException reset) {
            return rest.toByteArray();
        } finally {
            socket.setSoTimeout(DEFAULT_TIMEOUT_MILLIS);
        }
    }

    /** Whether the server sends nothing and keeps the connection open for {@code quiet}. */
    public boolean staysOpenAndQuiet(Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        try {
            in.read(); // a byte or the end of the stream: not quiet
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException reset) {
            return false;
        } finally {
            socket.setSoTimeout(DEFAULT_TIMEOUT_MILLIS);
        }
    }

    private void readChunked(RawResponse.Builder response) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (;;) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("The connection closed inside a chunked body after " + body.size() + " bytes");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            response.chunk(size);
            if (size == 0) {
                break;
            }
            body.write(readExactly(size));
            String crlf = readLine();
            if (crlf == null || !crlf.isEmpty()) {
                throw new IOException("A chunk was not followed by CRLF but by '" + crlf + "'");
            }
        }
        readFields(response::trailer);
        response.body(body.toByteArray());
    }

    private void readFields(java.util.function.BiConsumer<String, String> sink) throws IOException {
        for (;;) {
            String line = readLine();
            if (line == null) {
                throw new EOFException("The connection closed inside a header section");
            }
            if (line.isEmpty()) {
                return;
            }
            int colon = line.indexOf(':');
            sink.accept(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
    }

    /** A line without its CRLF, or {@code null} at the end of the stream before any byte. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (;;) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("The connection closed inside a line: " + line);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * What the JDK's TLS reports when the connection itself ends, said as on a plain socket, so
     * that a test reads the same outcome on every wire: a server that closes during the
     * handshake, or resets the connection, leaves a {@link SocketException} (a reset: the
     * request never reached the server, or the connection is gone); any other TLS failure (a
     * certificate not trusted, a protocol error) stays what it is.
     */
    private static IOException asSocketError(SSLException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketException || cause instanceof EOFException) {
                SocketException ended = new SocketException("The TLS connection ended: " + e.getMessage()
                        + " (" + cause + ")");
                ended.initCause(e);
                return ended;
            }
        }
        return e;
    }

    private static final class TlsInput extends java.io.FilterInputStream {
        TlsInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (SSLException e) {
                throw asSocketError(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (SSLException e) {
                throw asSocketError(e);
            }
        }
    }

    private static final class TlsOutput extends java.io.FilterOutputStream {
        TlsOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (SSLException e) {
                throw asSocketError(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (SSLException e) {
                throw asSocketError(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (SSLException e) {
                throw asSocketError(e);
            }
        }
    }
}
