/**
 * End-to-end tests: a real {@link io.mybouncer.proxy.ProxyServer} in front of the real MariaDB
 * fixture, driven by real clients (MySQL Connector/J, MariaDB Connector/J, the mariadb command-line
 * client and the protocol library's client).
 */
package io.mybouncer.proxy.it;
