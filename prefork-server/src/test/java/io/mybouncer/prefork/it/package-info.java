/** End-to-end tests: the prefork server's master and worker processes against a real MariaDB. */
package io.mybouncer.prefork.it;
