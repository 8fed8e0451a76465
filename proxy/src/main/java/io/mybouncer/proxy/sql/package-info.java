/** SQL text: a byte-level lexer and the classifier that tells what a query does to session state. */
package io.mybouncer.proxy.sql;
