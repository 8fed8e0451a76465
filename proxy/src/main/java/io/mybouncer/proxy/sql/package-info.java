/** SQL text: the lexer, the session-state classifier, and the temporary tables and named locks a query names. */
package io.mybouncer.proxy.sql;
