/** How the prefork server reaches its database: address and login, connection modes, the known rows. */
package io.mybouncer.prefork.db;
