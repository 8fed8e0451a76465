/** The sidecar: listeners, client sessions, backend pool, pool modes, fork-hazard detection, admin, metrics. */
package io.mybouncer.proxy;
