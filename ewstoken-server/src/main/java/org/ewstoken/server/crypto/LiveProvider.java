package org.ewstoken.server.crypto;

import java.security.Provider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing provider, decided in the background. Loading the native provider (its library out of the jar, then
 * its self-test) takes a third to half a second of CPU, and a server that restarts needs it for nothing but speed:
 * with {@code crypto-provider=auto} the JDK's provider signs until the native one is ready, then the native one does
 * (RS256 signatures are deterministic, so the tokens are the same). A server with signing keys loads it once it
 * listens ({@link #later}, {@link #load}), so that it does not take CPU from the start-up. What cannot wait does: a
 * new signing key is made by the final choice ({@link #awaitProvider}), and {@code native} (fail if unavailable)
 * and {@code jdk} are decided before the server listens, as before.
 */
public final class LiveProvider implements Supplier<Provider> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveProvider.class);

    private volatile SignatureProviders.Choice current;
    private final CompletableFuture<SignatureProviders.Choice> decided;
    private final String mode;
    private final Executor executor;
    private final AtomicBoolean begun;

    private LiveProvider(SignatureProviders.Choice current, CompletableFuture<SignatureProviders.Choice> decided,
                         String mode, Executor executor, boolean begun) {
        this.current = current;
        this.decided = decided;
        this.mode = mode;
        this.executor = executor;
        this.begun = new AtomicBoolean(begun);
    }

    /** Begins choosing for {@code mode} ({@code auto}, {@code native}, {@code jdk}) on {@code executor}. */
    public static LiveProvider begin(String mode, Executor executor) {
        LiveProvider live = later(mode, executor);
        live.load();
        return live;
    }

    /**
     * Like {@link #begin}, but with {@code auto} the native provider is loaded only when {@link #load} or
     * {@link #awaitProvider} asks for it; the JDK's signs until then. Other modes begin at once.
     */
    public static LiveProvider later(String mode, Executor executor) {
        if (!SignatureProviders.isAuto(mode)) { // decided at once or refused at once, as before
            CompletableFuture<SignatureProviders.Choice> decided =
                    CompletableFuture.supplyAsync(() -> SignatureProviders.choose(mode), executor);
            return new LiveProvider(null, decided, mode, executor, true);
        }
        return new LiveProvider(SignatureProviders.jdkUntilNative(), new CompletableFuture<>(), mode, executor, false);
    }

    /** Begins loading the native provider (crypto-provider=auto) if that has not begun yet. */
    public void load() {
        if (begun.compareAndSet(false, true)) executor.execute(this::choose);
    }

    private void choose() {
        try {
            SignatureProviders.Choice choice = SignatureProviders.choose(mode);
            current = choice;
            decided.complete(choice);
            if (choice.provider() != null) LOG.info("now signing with {}", choice.description());
        } catch (RuntimeException | Error e) {
            decided.completeExceptionally(e);
        }
    }

    /**
     * What the server starts with: for {@code auto} the choice of the moment (the JDK's until the native one is
     * ready), otherwise the final choice, waited for (and its failure thrown).
     */
    public SignatureProviders.Choice atStart() throws Exception {
        SignatureProviders.Choice now = current;
        return now != null ? now : await();
    }

    /** What signs now, in words (for the log). */
    public String description() {
        SignatureProviders.Choice now = current;
        return now != null ? now.description() : "(not chosen yet)";
    }

    /** The provider to sign with now (null: the JDK's default selection). */
    @Override
    public Provider get() {
        SignatureProviders.Choice now = current;
        if (now == null) now = decided.join(); // non-auto modes: decided before the server listens
        return now.provider();
    }

    /** The final provider (null: the JDK's), waited for: new keys are made by it. */
    public Provider awaitProvider() {
        load();
        try {
            return await().provider();
        } catch (Exception e) {
            throw new IllegalStateException("choosing the signing provider failed: " + e.getMessage(), e);
        }
    }

    private SignatureProviders.Choice await() throws Exception {
        try {
            SignatureProviders.Choice choice = decided.get();
            current = choice;
            return choice;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
