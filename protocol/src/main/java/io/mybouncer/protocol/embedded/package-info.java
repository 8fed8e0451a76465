/** A private, throwaway MariaDB server on this machine, for tests and the {@code mybouncer demo} command. */
package io.mybouncer.protocol.embedded;
