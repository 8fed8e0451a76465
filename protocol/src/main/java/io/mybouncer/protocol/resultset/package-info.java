/** Result-set packets: column count, column definitions, text and binary rows, column types and flags. */
package io.mybouncer.protocol.resultset;
