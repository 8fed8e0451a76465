/** A worker process: gets its database connection, serves HTTP on the shared port, exits with its master. */
package io.mybouncer.prefork.worker;
