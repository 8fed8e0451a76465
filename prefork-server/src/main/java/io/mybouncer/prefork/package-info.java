/**
 * A small prefork HTTP application server that shows the fork hazard mybouncer exists for, and its
 * fix: a master process starts worker processes that share one port, and whose database connection
 * is either inherited from the master (shared by all) or opened by each worker.
 */
package io.mybouncer.prefork;
