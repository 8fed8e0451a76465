package io.mybouncer.proxy.session;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of every logged-in client, by session id, for counting them by state (metrics),
 * listing and killing them (admin console). A session is added when its client has logged in and
 * removed when its channel closes.
 */
public final class SessionRegistry {
    private final Map<Long, ClientSession> sessions = new ConcurrentHashMap<>();

    void add(ClientSession session) {
        sessions.put(session.id(), session);
    }

    void remove(ClientSession session) {
        sessions.remove(session.id());
    }

    public int size() {
        return sessions.size();
    }

    public Collection<ClientSession> sessions() {
        return sessions.values();
    }

    /** The session with this id (the connection id its greeting announced), if it is logged in. */
    public Optional<ClientSession> find(long id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** How many sessions are in each state now (every state present). A scan: for scrapes, not the hot path. */
    public Map<SessionState, Integer> countByState() {
        Map<SessionState, Integer> counts = new EnumMap<>(SessionState.class);
        for (SessionState state : SessionState.values()) {
            counts.put(state, 0);
        }
        for (ClientSession session : sessions.values()) {
            counts.merge(session.state(), 1, Integer::sum);
        }
        return counts;
    }
}
