package dev.harrier.spi;

/**
 * Socket options of a listening endpoint. The kernel applies the portable ones (backlog,
 * TCP_NODELAY, SO_KEEPALIVE); a transport applies the rest where it can and ignores them,
 * with a debug note, where it cannot.
 *
 * @param backlog        the accept queue length
 * @param tcpNoDelay     TCP_NODELAY on accepted connections (default on)
 * @param keepAlive      SO_KEEPALIVE on accepted connections
 * @param reusePort      SO_REUSEPORT: several processes may listen on one port
 * @param tcpFastOpen    TCP_FASTOPEN queue length; 0 for off
 * @param tcpDeferAccept TCP_DEFER_ACCEPT seconds (accept only once data arrives); 0 for off
 * @param tcpQuickAck    TCP_QUICKACK on accepted connections
 * @param filePermissions the permissions of a Unix domain socket's file, such as
 *                       {@code rw-rw----}, or {@code null} to leave them to the umask
 */
public record SocketOptions(int backlog, boolean tcpNoDelay, boolean keepAlive, boolean reusePort,
        int tcpFastOpen, int tcpDeferAccept, boolean tcpQuickAck, String filePermissions) {

    /** Backlog 512 (Kestrel's), TCP_NODELAY on, everything else off. */
    public static final SocketOptions DEFAULTS = new SocketOptions(512, true, false, false, 0, 0, false, null);

    public SocketOptions {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, was " + backlog);
        }
        if (tcpFastOpen < 0) {
            throw new IllegalArgumentException("tcpFastOpen must not be negative, was " + tcpFastOpen);
        }
        if (tcpDeferAccept < 0) {
            throw new IllegalArgumentException("tcpDeferAccept must not be negative, was " + tcpDeferAccept);
        }
        if (filePermissions != null && !filePermissions.matches("([r-][w-][x-]){3}")) {
            throw new IllegalArgumentException("filePermissions must look like rw-rw----, was " + filePermissions);
        }
    }

    public SocketOptions withBacklog(int value) {
        return new SocketOptions(value, tcpNoDelay, keepAlive, reusePort, tcpFastOpen, tcpDeferAccept, tcpQuickAck, filePermissions);
    }

    public SocketOptions withTcpNoDelay(boolean value) {
        return new SocketOptions(backlog, value, keepAlive, reusePort, tcpFastOpen, tcpDeferAccept, tcpQuickAck, filePermissions);
    }

    public SocketOptions withKeepAlive(boolean value) {
        return new SocketOptions(backlog, tcpNoDelay, value, reusePort, tcpFastOpen, tcpDeferAccept, tcpQuickAck, filePermissions);
    }

    public SocketOptions withReusePort(boolean value) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, value, tcpFastOpen, tcpDeferAccept, tcpQuickAck, filePermissions);
    }

    public SocketOptions withTcpFastOpen(int value) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, reusePort, value, tcpDeferAccept, tcpQuickAck, filePermissions);
    }

    public SocketOptions withTcpDeferAccept(int value) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, reusePort, tcpFastOpen, value, tcpQuickAck, filePermissions);
    }

    public SocketOptions withTcpQuickAck(boolean value) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, reusePort, tcpFastOpen, tcpDeferAccept, value, filePermissions);
    }

    public SocketOptions withFilePermissions(String value) {
        return new SocketOptions(backlog, tcpNoDelay, keepAlive, reusePort, tcpFastOpen, tcpDeferAccept, tcpQuickAck, value);
    }
}
