package dev.harrier.examples.memory;

import io.netty.channel.local.LocalAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/** The mapping between TCP-style endpoint addresses and in-memory addresses. */
public final class MemoryAddresses {

    private static final String PREFIX = "memory:";
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(40_000);
    /** 127.0.0.1 without a host name, as a socket's peer address is shown. */
    private static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private MemoryAddresses() {
    }

    /** The in-memory address for a TCP endpoint address; port 0 gets a fresh number. */
    public static LocalAddress of(InetSocketAddress address) {
        int port = address.getPort() == 0 ? NEXT_PORT.getAndIncrement() : address.getPort();
        return new LocalAddress(PREFIX + address.getAddress().getHostAddress() + ":" + port);
    }

    /**
     * The TCP-style address an in-memory listener stands for. A client has none: it is in
     * this process, so it is shown as the loopback address 127.0.0.1 (port 0), which is also what
     * loopback-trusting middleware expects of a local peer.
     */
    public static SocketAddress toInet(LocalAddress local) {
        String id = local.id();
        if (!id.startsWith(PREFIX)) {
            return new InetSocketAddress(LOOPBACK, 0);
        }
        String hostPort = id.substring(PREFIX.length());
        int colon = hostPort.lastIndexOf(':');
        try {
            return new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)),
                    Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            return local;
        }
    }
}
