/** The command line: {@code prefork-server serve | load | seed}. */
package io.mybouncer.prefork.cli;
