package dev.harrier.kernel;

/**
 * An endpoint names a transport or protocol that is not in the provider registry: a start-up
 * failure with a fixed registry, a reason to wait with a live one.
 */
final class MissingProviderException extends ConfigurationException {

    MissingProviderException(String message) {
        super(message);
    }
}
