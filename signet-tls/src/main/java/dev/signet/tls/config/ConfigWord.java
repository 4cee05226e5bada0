package dev.signet.tls.config;

/** An enum constant written in the configuration as a fixed word, such as {@code "acme"} or {@code "1.3"}. */
interface ConfigWord {
    /** The word as it is written in the JSON configuration. */
    String configValue();
}
