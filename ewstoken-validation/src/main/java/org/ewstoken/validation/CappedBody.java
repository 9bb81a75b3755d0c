package org.ewstoken.validation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a response body, giving up (and closing the exchange) as soon as it passes a size cap. */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body is larger than the cap. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("larger than " + limit + " bytes");
        }
    }

    private final int limit;
    private final boolean declaredTooLarge;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /** @param declaredLength the Content-Length, or -1: a declared excess fails before reading anything */
    CappedBody(int limit, long declaredLength) {
        this.limit = limit;
        this.declaredTooLarge = declaredLength > limit;
    }

    /** A body not worth reading (an error page): the exchange is closed at once and the body is empty. */
    static CappedBody ignored() {
        return new CappedBody(-1, -1);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (limit < 0) {
            s.cancel();
            result.complete(new byte[0]);
        } else if (declaredTooLarge) {
            s.cancel();
            result.completeExceptionally(new TooLargeException(limit));
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) return; // given up already; the cancellation is on its way
        for (ByteBuffer b : items) {
            if (buffer.size() + (long) b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException(limit));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
