/**
 * Handing the master's database socket to its workers: the descriptor crosses a Unix socket as
 * SCM_RIGHTS ancillary data, the login's session as a worker argument.
 */
package io.mybouncer.prefork.handover;
