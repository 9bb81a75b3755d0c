package org.ewstoken.server.admin;

import java.util.Objects;

/**
 * Who asks for an administrative change, and from where: what an admin event records.
 *
 * @param name an administrator's address, or {@code cli:<os user>} for the command line
 * @param remoteAddress the client's address, or {@code local}
 */
public record Actor(String name, String remoteAddress) {

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    /** The person at this machine's command line. */
    public static Actor commandLine() {
        return new Actor("cli:" + System.getProperty("user.name", "unknown"), "local");
    }
}
