/** The command line: {@code mybouncer run | check-config | demo | version}. */
package io.mybouncer.proxy.cli;
