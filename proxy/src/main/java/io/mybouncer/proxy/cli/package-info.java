/** The command line: {@code mybouncer run | check-config | demo | health | version}. */
package io.mybouncer.proxy.cli;
