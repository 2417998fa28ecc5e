package dev.harrier.tls.certificates;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The few DER (ASN.1 distinguished encoding) elements an X.509 certificate is made of. */
final class Der {

    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0C;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {
    }

    /** One element: tag, length, content. */
    static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... elements) {
        return element(SEQUENCE, concat(elements));
    }

    static byte[] set(byte[]... elements) {
        return element(SET, concat(elements));
    }

    /** A context-specific constructed element, {@code [n] EXPLICIT}. */
    static byte[] explicit(int tagNumber, byte[] element) {
        return element(0xA0 | tagNumber, element);
    }

    /** A context-specific primitive element, {@code [n] IMPLICIT}. */
    static byte[] implicit(int tagNumber, byte[] content) {
        return element(0x80 | tagNumber, content);
    }

    static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] bool(boolean value) {
        return element(BOOLEAN, new byte[] {(byte) (value ? 0xFF : 0)});
    }

    static byte[] nullValue() {
        return element(NULL, new byte[0]);
    }

    static byte[] octetString(byte[] content) {
        return element(OCTET_STRING, content);
    }

    /** A BIT STRING of whole bytes. */
    static byte[] bitString(byte[] content) {
        byte[] withPadding = new byte[content.length + 1];
        System.arraycopy(content, 0, withPadding, 1, content.length);
        return element(BIT_STRING, withPadding);
    }

    /** A named-bit BIT STRING (as KeyUsage) with bits 0..n numbered from the most significant, trailing zeros dropped. */
    static byte[] namedBits(int... bits) {
        int highest = 0;
        for (int bit : bits) {
            highest = Math.max(highest, bit);
        }
        byte[] content = new byte[highest / 8 + 2];
        for (int bit : bits) {
            content[1 + bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        content[0] = (byte) (7 - highest % 8);
        return element(BIT_STRING, content);
    }

    static byte[] utf8(String text) {
        return element(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    /** UTCTime through 2049, GeneralizedTime from 2050, as RFC 5280 requires. */
    static byte[] time(ZonedDateTime time) {
        ZonedDateTime utc = time.withZoneSameInstant(ZoneOffset.UTC);
        return utc.getYear() < 2050
                ? element(UTC_TIME, UTC_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII))
                : element(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    /** An OBJECT IDENTIFIER from its dotted form, for example {@code 2.5.4.3}. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(out, Long.parseLong(arcs[i]));
        }
        return element(OID, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) (value >>> (7 * i)) & 0x7F;
            out.write(i == 0 ? group : group | 0x80);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
