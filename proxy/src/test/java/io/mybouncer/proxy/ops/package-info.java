/**
 * Tests of the deployment files under {@code ops/} (docker compose, Dockerfile, Prometheus, Grafana,
 * Kubernetes, systemd): there is no container engine where they run, so what can be checked without
 * one is checked here, against the files and against a live proxy.
 */
package io.mybouncer.proxy.ops;
