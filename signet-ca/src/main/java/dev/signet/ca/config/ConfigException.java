package dev.signet.ca.config;

/** The CA configuration is missing, malformed or inconsistent; the message names the file and the key. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
