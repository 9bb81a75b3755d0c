package org.ewstoken.server;

import java.nio.file.Files;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ewstoken.server.config.ServerConfig;
import org.ewstoken.server.crypto.LiveProvider;
import org.ewstoken.server.http.ServerShell;
import org.ewstoken.store.Database;
import org.slf4j.LoggerFactory;

/**
 * The parts of start-up that need only the configuration, begun on a thread of their own while the
 * caller opens the database (and migrates it, the first time): binding the HTTP port (Jetty's
 * classes) and, on a new installation, choosing the signing provider (the native library's loading
 * and self-test, on another thread). Each takes a fifth of a second or more; side by side with the
 * database they cost the start-up little. Then, on the same thread, whatever the server hands it
 * {@link #afterwards}. And {@link #preload}, for what needs not even the configuration.
 */
public final class EarlyStart {

    private final ExecutorService thread;
    private final LiveProvider crypto;
    private final Future<ServerShell> shell;

    private EarlyStart(ExecutorService thread, ServerConfig config) {
        this.thread = thread;
        // In the order the server needs them.
        this.shell = thread.submit(() -> ServerShell.open(config));
        Executor own = work -> daemon("ewstoken-native-provider", work).start();
        this.crypto = firstStart(config) ? LiveProvider.begin(config.cryptoProvider(), own)
                : LiveProvider.later(config.cryptoProvider(), own);
    }

    /**
     * A new SQLite installation: its first signing key is made at once, by the native provider, so that is loaded
     * now. Otherwise the server signs with the JDK's until the native one has loaded, which it begins once it listens.
     */
    private static boolean firstStart(ServerConfig config) {
        return config.store().postgres().isEmpty()
                && !Files.exists(config.dataDir().resolve(Installation.DATABASE_FILE));
    }

    private static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        return t;
    }

    static EarlyStart begin(ServerConfig config) {
        return new EarlyStart(Executors.newSingleThreadExecutor(r -> daemon("ewstoken-start", r)), config);
    }

    /**
     * Begins, on a thread of its own, what any server start needs before it has a configuration:
     * logging, SQLite's native library, the JDK's key classes. Called
     * before the command line is parsed, these take nothing from the start-up's critical path; later
     * callers find them done (or wait for the rest). Nothing here can fail a start: whatever fails
     * fails again, and is reported, where it is really used. (This class, unlike the server's, has no
     * logger: calling here initialises nothing on the caller's thread.)
     */
    public static void preload() {
        daemon("ewstoken-preload", () -> {
            try {
                LoggerFactory.getILoggerFactory();
                Database.preloadSqlite();
                preloadKeyRing();
            } catch (Exception | LinkageError e) {
                // see above: reported where it matters
            }
        }).start();
    }

    /**
     * What opening the key ring needs first, initialised here rather than on the start's critical path: the JDK's
     * security providers, X.509 certificate and RSA key parsing, AES-GCM (the master key), SHA-1 (thumbprints).
     */
    private static void preloadKeyRing() throws Exception {
        java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.KeyFactory.getInstance("RSA");
        javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        java.security.MessageDigest.getInstance("SHA-1");
    }

    /** Runs {@code work} on this thread once the rest is done; the thread then ends. */
    void afterwards(Runnable work) {
        thread.execute(work);
        thread.shutdown();
    }

    /** The signing provider: with crypto-provider=auto the JDK's until the native one is ready (not waited for). */
    LiveProvider crypto() {
        return crypto;
    }

    /** The HTTP server, its ports bound, not started. */
    ServerShell shell() throws Exception {
        return get(shell);
    }

    /** Start-up failed elsewhere: releases the ports if they were bound. */
    void abandon() {
        thread.shutdown();
        try {
            get(shell).close();
        } catch (Exception | LinkageError e) {
            // nothing was bound, or closing failed: either way nothing more to release here
        }
    }

    private static <T> T get(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) throw ex;
            if (cause instanceof Error err) throw err;
            throw e;
        }
    }
}
