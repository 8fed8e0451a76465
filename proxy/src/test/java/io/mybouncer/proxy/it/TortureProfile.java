package io.mybouncer.proxy.it;

import java.util.List;

/**
 * Who one client of the torture test is and the session state it sets up: its library, role,
 * schema, sql_mode, time zone, character set and isolation level. Derived from the client's number
 * alone, so a failure names a client that can be rebuilt exactly; neighbours differ in every setting.
 *
 * @param id        the client's number, unique in the run; also the {@code client} column of its rows
 * @param library   what drives it
 * @param role      whether and how it holds state that pins it to a backend
 * @param schema    the schema it USEs
 * @param sqlMode   the value it gives sql_mode
 * @param timeZone  the value it gives time_zone: a fixed offset, so no time-zone tables are needed
 * @param charset   what follows its SET NAMES
 * @param isolation its SET SESSION TRANSACTION ISOLATION LEVEL
 */
record TortureProfile(int id, ClientLibrary library, Role role, String schema, String sqlMode, String timeZone,
        String charset, String isolation) {

    /** How a client relates to pinning. */
    enum Role {
        /** Replayable state only: schema, sql_mode, time zone, character set, prepared statements, transactions. */
        MULTIPLEXED,
        /** Holds a user variable and a temporary table for the whole run: pinned from start to end. */
        RESIDENT,
        /**
         * Pinned now and then, one such episode in the whole run at a time: a temporary table it drops
         * again (JDBC clients), or a user variable it ends with COM_RESET_CONNECTION (the protocol client).
         */
        EPISODIC
    }

    static final List<String> SQL_MODES = List.of("ANSI", "TRADITIONAL", "PIPES_AS_CONCAT,NO_ZERO_DATE", "",
            "STRICT_ALL_TABLES");
    static final List<String> TIME_ZONES = List.of("+00:00", "+05:30", "-03:00", "+09:00", "-11:00", "+13:00");
    static final List<String> CHARSETS = List.of("utf8mb4", "latin1", "ascii", "utf8mb4 COLLATE utf8mb4_bin");
    static final List<String> ISOLATIONS = List.of("REPEATABLE READ", "READ COMMITTED");
    /** Clients 1 to this many are {@link Role#EPISODIC}; client 0 is the {@link Role#RESIDENT}. */
    private static final int EPISODIC_CLIENTS = 5;

    /** Client {@code id} of a run whose clients share out {@code schemas}. */
    static TortureProfile of(int id, List<String> schemas) {
        ClientLibrary[] libraries = ClientLibrary.values();
        Role role = id == 0 ? Role.RESIDENT : id <= EPISODIC_CLIENTS ? Role.EPISODIC : Role.MULTIPLEXED;
        return new TortureProfile(id, libraries[id % libraries.length], role, schemas.get(id % schemas.size()),
                SQL_MODES.get(id % SQL_MODES.size()), TIME_ZONES.get(id % TIME_ZONES.size()),
                CHARSETS.get(id / 3 % CHARSETS.size()), ISOLATIONS.get(id / 2 % ISOLATIONS.size()));
    }

    /** The isolation level as {@code @@tx_isolation} reads it back: {@code READ-COMMITTED}. */
    String isolationReadBack() {
        return isolation.replace(' ', '-');
    }
}
