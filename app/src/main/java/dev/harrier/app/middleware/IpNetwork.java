package dev.harrier.app.middleware;

import java.net.InetAddress;
import java.util.Arrays;

/** An IP network in CIDR form, such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
public final class IpNetwork {

    private final byte[] prefix;
    private final int bits;
    private final String text;

    private IpNetwork(byte[] prefix, int bits, String text) {
        this.prefix = prefix;
        this.bits = bits;
        this.text = text;
    }

    /**
     * Parses {@code ADDRESS/BITS}; a bare address is a network of that one address.
     *
     * @throws IllegalArgumentException when the text is not an IP literal with a valid prefix length
     */
    public static IpNetwork parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        InetAddress address = IpLiterals.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("Not an IP network: '" + cidr + "' (expected e.g. 10.0.0.0/8)");
        }
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not an IP network: '" + cidr + "' (bad prefix length)");
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("Not an IP network: '" + cidr + "' (prefix length out of range)");
            }
        }
        return new IpNetwork(mask(bytes, bits), bits, text);
    }

    /** Whether the address lies in this network (IPv4-mapped IPv6 addresses match IPv4 networks). */
    public boolean contains(InetAddress address) {
        byte[] bytes = IpLiterals.unmapped(address).getAddress();
        return bytes.length == prefix.length && Arrays.equals(mask(bytes, bits), prefix);
    }

    private static byte[] mask(byte[] bytes, int bits) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    @Override
    public String toString() {
        return text;
    }
}
