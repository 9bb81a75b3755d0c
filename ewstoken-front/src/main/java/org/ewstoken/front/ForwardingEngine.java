package org.ewstoken.front;

import java.time.Duration;
import org.eclipse.jetty.util.thread.Scheduler;
import org.ewstoken.protocol.SoapResponseWriter;

/**
 * What every {@link Forwarding} shares: the connection pool, the header step, where requests go, how failures are
 * answered and counted, and the total upstream timeout (zero: none).
 */
record ForwardingEngine(UpstreamPool pool, UpstreamHeaders headers, UpstreamTarget target, SoapResponseWriter writer,
                        FrontMetrics metrics, Duration timeout) {

    Scheduler scheduler() {
        return pool.connector().getScheduler();
    }
}
