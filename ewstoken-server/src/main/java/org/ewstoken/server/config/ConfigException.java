package org.ewstoken.server.config;

/** A configuration value that cannot be used; the message names the setting and where it came from. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
