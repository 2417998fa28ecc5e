package dev.harrier.kernel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A listening URL in one of the forms Kestrel accepts: {@code http://localhost:5000} (both
 * loopback families), {@code http://127.0.0.1:5000}, {@code http://[::1]:5000},
 * {@code http://0.0.0.0:5000} (every IPv4 address), {@code http://[::]:5000} and
 * {@code http://*:5000} or {@code http://+:5000} (every address of both families; any other
 * host name too), port {@code 0} for a port the operating system chooses,
 * {@code http://unix:/path/to.sock}, and {@code http://fd:3} for a TCP socket already listening
 * in the process, handed over by file descriptor (systemd socket activation).
 *
 * @param text   the URL as configured
 * @param scheme {@code http} or {@code https}
 * @param kind   which addresses the host stands for
 * @param ip     the address when {@code kind} is {@link Kind#IP}
 * @param port   the port (0 for dynamic); unused for Unix sockets
 * @param socketPath the socket file when {@code kind} is {@link Kind#UNIX}
 * @param descriptor the file descriptor when {@code kind} is {@link Kind#DESCRIPTOR}, else -1
 */
public record EndpointUrl(String text, String scheme, Kind kind, InetAddress ip, int port, Path socketPath,
        int descriptor) {

    /** What the host of a URL stands for. */
    public enum Kind { LOCALHOST, ANY_IPV4, ANY, IP, UNIX, DESCRIPTOR }

    /** Parses a URL, naming it in the exception when it is not one of the accepted forms. */
    public static EndpointUrl parse(String text) {
        String url = text.trim();
        int sep = url.indexOf("://");
        if (sep < 0) {
            throw bad(text, "it has no scheme");
        }
        String scheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad(text, "the scheme must be http or https");
        }
        String rest = url.substring(sep + 3);
        if (rest.startsWith("unix:")) {
            String path = rest.substring("unix:".length());
            if (!path.startsWith("/")) {
                throw bad(text, "a Unix socket path must be absolute, as in http://unix:/run/app.sock");
            }
            return new EndpointUrl(text, scheme, Kind.UNIX, null, 0, Path.of(path), -1);
        }
        if (rest.startsWith("fd:")) {
            String number = rest.substring("fd:".length());
            if (!number.matches("[0-9]{1,9}")) {
                throw bad(text, "a listening socket handed over is named by its file descriptor, as in http://fd:3");
            }
            return new EndpointUrl(text, scheme, Kind.DESCRIPTOR, null, 0, null, Integer.parseInt(number));
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            if (slash != rest.length() - 1) {
                throw bad(text, "a listening URL takes no path");
            }
            rest = rest.substring(0, slash);
        }
        String host;
        String portText;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(text, "an IPv6 address needs a closing ']'");
            }
            host = rest.substring(0, close + 1);
            String after = rest.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw bad(text, "expected ':PORT' after the IPv6 address");
            }
            portText = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            portText = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw bad(text, "it has no host");
        }
        int port = scheme.equals("https") ? 443 : 80;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw bad(text, "the port '" + portText + "' is not a number");
            }
            if (port < 0 || port > 65535) {
                throw bad(text, "the port must be between 0 and 65535");
            }
        }
        String lower = host.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "localhost" -> new EndpointUrl(text, scheme, Kind.LOCALHOST, null, port, null, -1);
            case "0.0.0.0" -> new EndpointUrl(text, scheme, Kind.ANY_IPV4, null, port, null, -1);
            case "*", "+", "[::]" -> new EndpointUrl(text, scheme, Kind.ANY, null, port, null, -1);
            default -> ipOrAny(text, scheme, host, port);
        };
    }

    private static EndpointUrl ipOrAny(String text, String scheme, String host, int port) {
        boolean ipv6 = host.startsWith("[");
        String literal = ipv6 ? host.substring(1, host.length() - 1) : host;
        if (ipv6 || literal.matches("[0-9.]+")) {
            try {
                return new EndpointUrl(text, scheme, Kind.IP, InetAddress.getByName(literal), port, null, -1);
            } catch (UnknownHostException e) {
                throw bad(text, "'" + host + "' is not a valid IP address");
            }
        }
        // Like Kestrel: a host name other than localhost means every address.
        return new EndpointUrl(text, scheme, Kind.ANY, null, port, null, -1);
    }

    private static ConfigurationException bad(String text, String why) {
        return new ConfigurationException("Invalid URL '" + text + "': " + why
                + ". Use a form such as http://localhost:5000, http://0.0.0.0:8080, http://[::]:0 http://unix:/tmp/app.sock or http://fd:3.");
    }

    /** Whether it listens on loopback addresses only ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}). */
    public boolean isLoopback() {
        return kind == Kind.LOCALHOST || (kind == Kind.IP && ip.isLoopbackAddress());
    }

    @Override
    public String toString() {
        return text;
    }
}
