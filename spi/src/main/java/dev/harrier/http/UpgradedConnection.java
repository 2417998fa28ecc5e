package dev.harrier.http;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** A connection after {@code 101 Switching Protocols}: raw bytes both ways. */
public interface UpgradedConnection extends Closeable {

    /** Bytes from the client, with back-pressure; end of stream when the client closes. */
    InputStream input();

    /** Bytes to the client; {@code flush()} sends them. */
    OutputStream output();
}
