package dev.harrier.kernel;

/**
 * The server cannot start as configured. The message names the configuration key or endpoint
 * at fault and how to fix it.
 */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
