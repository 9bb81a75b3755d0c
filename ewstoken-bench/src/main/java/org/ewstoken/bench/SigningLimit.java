package org.ewstoken.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.ewstoken.server.crypto.SignatureProviders;
import org.ewstoken.tokens.SigningKey;
import org.ewstoken.tokens.SigningKeys;

/**
 * The in-process RSA-2048 signing limit: SHA256withRSA signatures per second on every core, with
 * the provider the server would choose and with the JDK's. This is the ceiling for fresh tokens.
 *
 * <pre>java -cp ewstoken-bench/target/benchmarks.jar org.ewstoken.bench.SigningLimit [seconds] [threads] [chosen]</pre>
 */
public final class SigningLimit {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private SigningLimit() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        SigningKey key = SigningKeys.generate("bench", Duration.ofDays(1), Clock.systemUTC());
        SignatureProviders.Choice auto = SignatureProviders.choose("auto");
        if (args.length > 2 && args[2].equals("chosen")) { // only the server's provider: a limit measured beside a scenario
            Rate chosen = rate(key, auto.provider(), threads, seconds);
            System.out.printf("{\"threads\":%d,\"chosen\":\"%s\",\"chosen_per_s\":%.0f,\"chosen_cpu_us\":%.1f}%n",
                    threads, auto.description(), chosen.perSecond(), chosen.cpuMicros());
            return;
        }
        SignatureProviders.Choice jdk = SignatureProviders.choose("jdk");
        System.out.printf("{\"threads\":%d,\"chosen\":\"%s\",\"chosen_per_s\":%.0f,\"jdk\":\"%s\",\"jdk_per_s\":%.0f}%n",
                threads, auto.description(), rate(key, auto.provider(), threads, seconds).perSecond(),
                jdk.description(), rate(key, null, threads, seconds).perSecond());
    }

    /**
     * Signatures per second of wall time, and one signature's CPU time in µs (its threads' CPU over the count): the
     * second moves less with the machine's load than the first, and is what a fresh token's CPU is compared with.
     */
    record Rate(double perSecond, double cpuMicros) {}

    static Rate rate(SigningKey key, Provider provider, int threads, double seconds) throws Exception {
        byte[] input = ("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + "x".repeat(600)).getBytes(StandardCharsets.US_ASCII);
        run(key, provider, threads, Math.min(2, seconds / 2), input); // warm-up: JIT and native init
        return run(key, provider, threads, seconds, input);
    }

    private static Rate run(SigningKey key, Provider provider, int threads, double seconds, byte[] input)
            throws InterruptedException {
        LongAdder count = new LongAdder();
        LongAdder cpuNanos = new LongAdder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    Signature s = provider == null ? Signature.getInstance("SHA256withRSA")
                            : Signature.getInstance("SHA256withRSA", provider);
                    long cpu0 = CPU.getCurrentThreadCpuTime();
                    while (System.nanoTime() < end) {
                        s.initSign(key.privateKey());
                        s.update(input);
                        s.sign();
                        count.increment();
                    }
                    cpuNanos.add(CPU.getCurrentThreadCpuTime() - cpu0);
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(w);
            w.start();
        }
        long start = System.nanoTime();
        for (Thread w : workers) w.join();
        long n = Math.max(1, count.sum());
        return new Rate(n / ((System.nanoTime() - start) / 1e9), cpuNanos.sum() / 1e3 / n);
    }
}
