package org.ewstoken.server.http;

import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import org.ewstoken.server.config.ConfigException;

/**
 * Why a port could not be opened, said so that an operator knows which address and port and what to
 * do: Jetty reports only "Failed to bind to /127.0.0.1:8080", with the kernel's reason in its cause.
 */
final class ListenFailure {

    private ListenFailure() {
    }

    /**
     * @param portSetting the setting that chose the port ("port" or "https-port")
     * @param portOption  the command-line option for it, or null when there is none
     */
    static ConfigException of(String bind, int port, String portSetting, String portOption, IOException failure) {
        String where = (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
        String portHow = (portOption == null ? "" : portOption + " (") + "setting '" + portSetting + "'"
                + (portOption == null ? "" : ")");
        String bindHow = "--bind (setting 'bind'): 127.0.0.1 for this machine only, 0.0.0.0 for all its addresses";
        String reason = reason(failure);
        String text = reason.toLowerCase(Locale.ROOT);
        if (unresolved(failure)) {
            return new ConfigException("cannot listen on " + where + ": the bind address " + bind
                    + " is not a name this machine can resolve; choose an address with " + bindHow);
        }
        if (text.contains("address already in use")) {
            return new ConfigException("cannot listen on " + where + ": the port " + port + " is in use by another"
                    + " program (another ewstoken?); stop it, or choose a free port with " + portHow
                    + ", 0 for any free one");
        }
        if (text.contains("cannot assign requested address") || text.contains("address not available")) {
            return new ConfigException("cannot listen on " + where + ": " + bind + " is not an address of this"
                    + " machine; choose one of its addresses with " + bindHow);
        }
        if (text.contains("permission denied") || text.contains("access denied")) {
            return new ConfigException("cannot listen on " + where + ": permission denied (ports below 1024 need"
                    + " root or the CAP_NET_BIND_SERVICE capability); choose a port above 1023 with " + portHow);
        }
        return new ConfigException("cannot listen on " + where + ": " + reason + "; check " + bindHow.substring(0,
                bindHow.indexOf(':')) + " and " + portHow);
    }

    private static boolean unresolved(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) return true;
        }
        return false;
    }

    /** The kernel's words (the innermost message), e.g. "Address already in use". */
    private static String reason(IOException failure) {
        String reason = failure.getMessage();
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) reason = t.getMessage();
            if (t instanceof BindException) break;
        }
        return reason == null ? failure.getClass().getSimpleName() : reason;
    }
}
