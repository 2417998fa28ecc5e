package dev.harrier.spi;

import java.util.Objects;

/**
 * Whether a provider can be used on this machine and, when not, why: the reason is shown to
 * operators as it is (for example Netty's cause for a native transport failing to load).
 *
 * @param available whether the provider can be used
 * @param reason    why it cannot, or {@code null} when it can
 * @param cause     the underlying failure, or {@code null}
 */
public record Availability(boolean available, String reason, Throwable cause) {

    /** The answer of a provider that can be used. */
    public static final Availability AVAILABLE = new Availability(true, null, null);

    public Availability {
        if (!available) {
            Objects.requireNonNull(reason, "an unavailable provider must say why");
        }
    }

    public static Availability unavailable(String reason, Throwable cause) {
        return new Availability(false, reason, cause);
    }

    /** The reason followed by the cause's message, for logs and error messages. */
    public String describe() {
        if (available) {
            return "available";
        }
        return cause == null ? reason : reason + ": " + cause;
    }
}
