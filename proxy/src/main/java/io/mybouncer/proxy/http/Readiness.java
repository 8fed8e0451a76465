package io.mybouncer.proxy.http;

import java.util.Optional;

/** Whether the proxy should get traffic now, for {@code /health/ready}. */
@FunctionalInterface
public interface Readiness {
    /** Why the proxy is not ready, or empty when it is. */
    Optional<String> notReadyReason();
}
