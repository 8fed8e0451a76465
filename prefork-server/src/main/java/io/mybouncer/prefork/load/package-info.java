/** The load driver: concurrent requests against the workers, each answer checked, a summary of what came back. */
package io.mybouncer.prefork.load;
