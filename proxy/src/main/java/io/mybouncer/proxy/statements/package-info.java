/** Prepared statements under multiplexing: the proxy's own client ids, per-backend statement caches, id rewriting. */
package io.mybouncer.proxy.statements;
