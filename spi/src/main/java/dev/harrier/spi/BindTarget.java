package dev.harrier.spi;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a transport is asked to listen. The kernel makes {@link Tcp}, {@link Unix} and
 * {@link Descriptor} targets from endpoint URLs, and a {@link Datagram} target on the same address
 * and port for an endpoint that also serves a multiplexed protocol; a custom transport may define a kind of its own and accept it in
 * {@link Transport#supports(BindTarget)}.
 */
public interface BindTarget {

    /** A TCP socket; port 0 lets the operating system choose. */
    record Tcp(InetSocketAddress address) implements BindTarget {
    }

    /** A Unix domain socket at a file system path. */
    record Unix(Path path) implements BindTarget {
    }

    /**
     * A TCP socket already bound and listening in this process, by its file descriptor: handed
     * over by systemd socket activation ({@code LISTEN_FDS}, from descriptor 3) or a supervisor.
     * The transport takes it as it is: its address, port and backlog were set by whoever opened it.
     */
    record Descriptor(int fd) implements BindTarget {
    }

    /**
     * A UDP port for a transport of {@link ConnectionKind#MULTIPLEXED multiplexed} connections
     * whose TLS is its own (QUIC): it secures every connection with the endpoint's certificate
     * selection and offers these ALPN ids. Port 0 lets the operating system choose.
     *
     * @param alpnIds the ALPN ids of the endpoint's multiplexed protocols, most preferred first
     */
    record Datagram(InetSocketAddress address, EndpointTls tls, List<String> alpnIds) implements BindTarget {

        public Datagram {
            alpnIds = List.copyOf(alpnIds);
        }
    }
}
