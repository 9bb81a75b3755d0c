package org.ewstoken.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (malformed HTTP, oversized headers or URIs, bad chunks), written by the
 * project instead of Jetty's error page: a status line and one sentence of plain text, never the URI,
 * the parser's message, a class name or a stack trace, with {@code nosniff} and {@code no-store}.
 */
final class QuietErrors implements Request.Handler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        if (status < 400 || status > 599) status = 500;
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpStatus.hasNoBody(status) || request.getMethod().equals("HEAD")) {
            HttpResponses.empty(response, callback, status);
        } else {
            HttpResponses.text(response, callback, status, status + " " + explain(status));
        }
        return true;
    }

    static String explain(int status) {
        return switch (status) {
            case 400 -> "Bad Request: this is not a valid HTTP request.";
            case 408 -> "Request Timeout: the request did not arrive in time.";
            case 413 -> "Content Too Large.";
            case 414 -> "URI Too Long.";
            case 431 -> "Request Header Fields Too Large.";
            case 501 -> "Not Implemented.";
            case 505 -> "HTTP Version Not Supported.";
            default -> {
                String reason = HttpStatus.getMessage(status);
                yield (reason == null ? "Error" : reason) + ".";
            }
        };
    }
}
