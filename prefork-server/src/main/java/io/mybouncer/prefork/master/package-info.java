/** The master process (the arbiter, in gunicorn's words): starts the workers, hands them the inherited socket, stops them. */
package io.mybouncer.prefork.master;
