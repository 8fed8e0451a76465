package io.mybouncer.prefork.load;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.protocol.client.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link LoadPlan}: per phase, as many threads as requests in flight, each sending one
 * request at a time over HTTP/1.1 keep-alive connections (so {@code concurrency} connections,
 * which SO_REUSEPORT spreads over the workers), and each answer checked against the known rows.
 */
public final class LoadDriver {
    private static final Duration SAMPLER_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private LoadDriver() {
    }

    /**
     * Runs the plan and reports.
     *
     * @param backend the database server itself, whose connection count is sampled during the run;
     *                {@code null} for none
     */
    public static LoadReport run(LoadPlan plan, DbLogin backend) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(plan.timeout())
                .build();
        Tally tally = new Tally();
        AtomicLong sent = new AtomicLong();
        EventLoopGroup group = null;
        ConnectionSampler sampler = null;
        try {
            if (backend != null) {
                NettyTransport transport = NettyTransport.preferred();
                group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
                sampler = ConnectionSampler.start(group, transport, backend, SAMPLER_CONNECT_TIMEOUT);
            }
            long start = System.nanoTime();
            for (LoadPlan.Phase phase : plan.phases()) {
                runPhase(http, plan, phase, sent, tally);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Integer maxConnections = null;
            if (sampler != null) {
                sampler.close();
                maxConnections = sampler.maxOtherConnections();
                sampler = null;
            }
            return tally.report(plan, maxConnections, elapsed);
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            if (group != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    private static void runPhase(HttpClient http, LoadPlan plan, LoadPlan.Phase phase, AtomicLong sent, Tally tally)
            throws InterruptedException, ExecutionException {
        AtomicInteger remaining = new AtomicInteger(phase.requests());
        Callable<Void> lane = () -> {
            while (remaining.getAndDecrement() > 0) {
                long id = plan.ids().id(sent.getAndIncrement(), plan.maxId());
                tally.add(request(http, plan, id));
            }
            return null;
        };
        ExecutorService lanes = Executors.newFixedThreadPool(phase.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "load-lane");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Void>> done = lanes.invokeAll(Collections.nCopies(phase.concurrency(), lane));
            for (Future<Void> future : done) {
                future.get();
            }
        } finally {
            lanes.shutdownNow();
        }
    }

    private static Answer request(HttpClient http, LoadPlan plan, long id) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(plan.query(id)).timeout(plan.timeout()).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return Answer.classify(id, response.statusCode(), response.body());
        } catch (IOException e) {
            return Answer.failed(e);
        }
    }
}
