/**
 * What the proxy knows of a client's session state in transaction and statement pool modes (DESIGN part 3):
 * the state it can replay on any backend ({@link io.mybouncer.proxy.tracking.ReplayableState}: schema and
 * system variables, as the backend's session trackers report them), the state that ties a client to its
 * backend ({@link io.mybouncer.proxy.tracking.PinReason}), and the rules that turn each command's SQL effects
 * and response into both ({@link io.mybouncer.proxy.tracking.SessionStateTracker}).
 */
package io.mybouncer.proxy.tracking;
