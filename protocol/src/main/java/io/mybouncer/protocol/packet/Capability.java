package io.mybouncer.protocol.packet;

/**
 * Capability flags, the one place they are defined. MySQL's flags use the low 32 bits; MariaDB's
 * extended capabilities use the upper 32, which travel in the handshake's otherwise reserved bytes
 * when the server clears {@link #CLIENT_MYSQL}.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html">Capabilities flags</a>
 * @see <a href="https://mariadb.com/kb/en/connection/#capabilities">MariaDB capabilities</a>
 */
public enum Capability {
    /**
     * CLIENT_LONG_PASSWORD in MySQL. MariaDB 10.2+ servers clear this bit ("CLIENT_MYSQL") to say the
     * extended capabilities in the upper 32 bits are valid.
     */
    CLIENT_MYSQL(1L),
    /** Affected rows reports rows found (matched), not rows changed. */
    CLIENT_FOUND_ROWS(1L << 1),
    CLIENT_LONG_FLAG(1L << 2),
    CLIENT_CONNECT_WITH_DB(1L << 3),
    CLIENT_NO_SCHEMA(1L << 4),
    CLIENT_COMPRESS(1L << 5),
    CLIENT_ODBC(1L << 6),
    CLIENT_LOCAL_FILES(1L << 7),
    CLIENT_IGNORE_SPACE(1L << 8),
    CLIENT_PROTOCOL_41(1L << 9),
    CLIENT_INTERACTIVE(1L << 10),
    CLIENT_SSL(1L << 11),
    CLIENT_IGNORE_SIGPIPE(1L << 12),
    CLIENT_TRANSACTIONS(1L << 13),
    CLIENT_RESERVED(1L << 14),
    /** Old name CLIENT_SECURE_CONNECTION: 4.1 authentication, auth-response with a length prefix. */
    CLIENT_RESERVED2(1L << 15),
    CLIENT_MULTI_STATEMENTS(1L << 16),
    CLIENT_MULTI_RESULTS(1L << 17),
    CLIENT_PS_MULTI_RESULTS(1L << 18),
    CLIENT_PLUGIN_AUTH(1L << 19),
    CLIENT_CONNECT_ATTRS(1L << 20),
    CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA(1L << 21),
    CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS(1L << 22),
    CLIENT_SESSION_TRACK(1L << 23),
    /** Result sets end with an OK packet (header 0xFE) instead of an EOF packet. */
    CLIENT_DEPRECATE_EOF(1L << 24),
    CLIENT_OPTIONAL_RESULTSET_METADATA(1L << 25),
    CLIENT_ZSTD_COMPRESSION_ALGORITHM(1L << 26),
    CLIENT_QUERY_ATTRIBUTES(1L << 27),
    MULTI_FACTOR_AUTHENTICATION(1L << 28),
    CLIENT_CAPABILITY_EXTENSION(1L << 29),
    CLIENT_SSL_VERIFY_SERVER_CERT(1L << 30),
    CLIENT_REMEMBER_OPTIONS(1L << 31),

    /** MariaDB: progress reports (an ERR packet with code 0xFFFF, sent mid-command). */
    MARIADB_CLIENT_PROGRESS(1L << 32),
    /** MariaDB: COM_MULTI (removed from servers since 10.6). */
    MARIADB_CLIENT_COM_MULTI(1L << 33),
    /** MariaDB: COM_STMT_BULK_EXECUTE. */
    MARIADB_CLIENT_STMT_BULK_OPERATIONS(1L << 34),
    /** MariaDB: extended type information in column definitions. */
    MARIADB_CLIENT_EXTENDED_METADATA(1L << 35),
    /** MariaDB: COM_STMT_EXECUTE may omit metadata the client has cached. */
    MARIADB_CLIENT_CACHE_METADATA(1L << 36),
    /** MariaDB: bulk execute returns one result per parameter set. */
    MARIADB_CLIENT_BULK_UNIT_RESULTS(1L << 37);

    private final long mask;

    Capability(long mask) {
        this.mask = mask;
    }

    public long mask() {
        return mask;
    }
}
