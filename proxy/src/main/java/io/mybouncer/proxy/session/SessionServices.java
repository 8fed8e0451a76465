package io.mybouncer.proxy.session;

import io.mybouncer.proxy.forksafety.ForkHazardDetector;

/**
 * What every client session shares: where its backends come from, the registry that counts and
 * lists sessions, and the fork-hazard detector.
 */
public record SessionServices(SessionPools pools, SessionRegistry registry, ForkHazardDetector forkHazards) {
}
