package io.mybouncer.proxy.log;

/** How a log line is written: {@code key=value} pairs for people and grep, or one JSON object per line for collectors. */
public enum LogFormat {
    /** {@code ts=2026-11-27T20:07:01.123Z level=INFO logger=ProxyServer msg="listening on /127.0.0.1:6033"} */
    KV,
    /** {@code {"ts":"2026-11-27T20:07:01.123Z","level":"INFO","logger":"ProxyServer","msg":"listening on ..."}} */
    JSON
}
