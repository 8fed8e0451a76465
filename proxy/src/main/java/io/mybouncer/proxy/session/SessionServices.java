package io.mybouncer.proxy.session;

import io.mybouncer.proxy.forksafety.ForkHazardDetector;

/**
 * What every client session shares: where its backends come from, the registry that counts and
 * lists sessions, the fork-hazard detector, and where clients of the admin database go instead.
 */
public record SessionServices(SessionPools pools, SessionRegistry registry, ForkHazardDetector forkHazards,
        AdminRoute admin) {
}
