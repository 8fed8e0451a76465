#!/usr/bin/env python3
"""Opens many MySQL client connections, logs each one in, and keeps them open and idle.

Used by bench/idle-memory to measure what an idle client costs the proxy. Only the standard
library: asyncio, one socket per client, the login done by hand so that a client costs this
process a few KiB and the 5,000 logins take seconds.

Login follows the connection phase of the protocol:
https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html
with mysql_native_password, or caching_sha2_password's fast path when the server asks for that
plugin (its full path needs TLS or RSA, which this tool does not do; it says so).

When every login has finished (or failed) the tool writes a status file, key=value a line:
``logged_in``, ``failed`` and up to five ``error`` lines, the most frequent failures with their counts. It then holds the connections
until SIGTERM or SIGINT, and on the way out prints how many were still open, so that a server
dropping idle clients shows up. The password comes from the environment variable named by
--password-env, never from the command line, where ``ps`` would show it.
"""

import argparse
import asyncio
import collections
import hashlib
import os
import resource
import signal
import sys

# Capability flags, https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html
CLIENT_LONG_PASSWORD = 0x1
CLIENT_CONNECT_WITH_DB = 0x8
CLIENT_PROTOCOL_41 = 0x200
CLIENT_TRANSACTIONS = 0x2000
CLIENT_SECURE_CONNECTION = 0x8000
CLIENT_PLUGIN_AUTH = 0x80000

UTF8MB4_GENERAL_CI = 45
MAX_PACKET = 16 * 1024 * 1024
NATIVE = "mysql_native_password"
CACHING_SHA2 = "caching_sha2_password"


class LoginError(Exception):
    """The server refused the login or answered something this client does not handle."""


def xor(left, right):
    return bytes(a ^ b for a, b in zip(left, right))


def native_password(password, scramble):
    """SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password)))."""
    if not password:
        return b""
    stage1 = hashlib.sha1(password).digest()
    stage2 = hashlib.sha1(stage1).digest()
    return xor(stage1, hashlib.sha1(scramble + stage2).digest())


def caching_sha2_password(password, scramble):
    """SHA256(password) XOR SHA256(SHA256(SHA256(password)) + scramble): the fast-path token."""
    if not password:
        return b""
    stage1 = hashlib.sha256(password).digest()
    stage2 = hashlib.sha256(stage1).digest()
    return xor(stage1, hashlib.sha256(stage2 + scramble).digest())


def auth_response(plugin, password, scramble):
    if plugin == NATIVE:
        return native_password(password, scramble)
    if plugin == CACHING_SHA2:
        return caching_sha2_password(password, scramble)
    raise LoginError(f"the server asks for auth plugin {plugin}; this tool speaks {NATIVE} and {CACHING_SHA2}")


def err_text(payload):
    """An ERR packet as 'code (sqlstate) message'."""
    code = int.from_bytes(payload[1:3], "little")
    if payload[3:4] == b"#":
        return f"{code} ({payload[4:9].decode()}) {payload[9:].decode(errors='replace')}"
    return f"{code} {payload[3:].decode(errors='replace')}"


def nul_string(payload, position):
    end = payload.index(0, position)
    return payload[position:end], end + 1


def parse_greeting(payload):
    """HandshakeV10: returns (capabilities, scramble, plugin name)."""
    if payload[0] == 0xFF:
        raise LoginError(err_text(payload))
    if payload[0] != 10:
        raise LoginError(f"protocol version: {payload[0]} (expected: 10)")
    _, position = nul_string(payload, 1)  # server version
    position += 4  # connection id
    scramble = payload[position:position + 8]
    position += 9  # auth-plugin-data-part-1 and a filler byte
    capabilities = int.from_bytes(payload[position:position + 2], "little")
    position += 3  # capability flags (lower) and character set
    position += 2  # status flags
    capabilities |= int.from_bytes(payload[position:position + 2], "little") << 16
    position += 2
    data_length = payload[position]
    position += 11  # auth-plugin-data length and 10 reserved bytes (MariaDB's extended capabilities)
    part2_length = max(13, data_length - 8)
    # The second part ends in a NUL that is not part of the scramble.
    scramble += payload[position:position + part2_length - 1]
    position += part2_length
    plugin = NATIVE
    if capabilities & CLIENT_PLUGIN_AUTH and position < len(payload):
        plugin = nul_string(payload + b"\0", position)[0].decode()
    for needed, name in ((CLIENT_PROTOCOL_41, "CLIENT_PROTOCOL_41"), (CLIENT_PLUGIN_AUTH, "CLIENT_PLUGIN_AUTH"),
                         (CLIENT_SECURE_CONNECTION, "CLIENT_SECURE_CONNECTION")):
        if not capabilities & needed:
            raise LoginError(f"the server lacks {name}")
    return capabilities, scramble, plugin


def handshake_response(user, password, database, scramble, plugin):
    """HandshakeResponse41 without TLS, connect attributes or a zstd level."""
    if plugin not in (NATIVE, CACHING_SHA2):
        plugin = NATIVE
    capabilities = (CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS
                    | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH)
    if database:
        capabilities |= CLIENT_CONNECT_WITH_DB
    token = auth_response(plugin, password, scramble)
    payload = (capabilities.to_bytes(4, "little") + MAX_PACKET.to_bytes(4, "little")
               + bytes([UTF8MB4_GENERAL_CI]) + bytes(23)
               + user.encode() + b"\0" + bytes([len(token)]) + token)
    if database:
        payload += database.encode() + b"\0"
    return payload + plugin.encode() + b"\0"


class Client:
    """One connection: the wire framing (3-byte length, sequence id) and the login exchange."""

    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self.sequence = 0

    async def read(self):
        header = await self.reader.readexactly(4)
        self.sequence = (header[3] + 1) % 256
        return await self.reader.readexactly(int.from_bytes(header[:3], "little"))

    def write(self, payload):
        self.writer.write(len(payload).to_bytes(3, "little") + bytes([self.sequence]) + payload)
        self.sequence = (self.sequence + 1) % 256

    async def login(self, user, password, database):
        _, scramble, plugin = parse_greeting(await self.read())
        self.write(handshake_response(user, password, database, scramble, plugin))
        await self.writer.drain()
        while True:
            payload = await self.read()
            if payload[0] == 0x00:
                return
            if payload[0] == 0xFF:
                raise LoginError(err_text(payload))
            if payload[0] == 0xFE:  # AuthSwitchRequest: plugin name, then its data ending in NUL
                name, position = nul_string(payload, 1)
                plugin = name.decode()
                scramble = payload[position:]
                scramble = scramble[:-1] if scramble.endswith(b"\0") else scramble
                self.write(auth_response(plugin, password, scramble))
                await self.writer.drain()
            elif payload[0] == 0x01 and plugin == CACHING_SHA2 and payload[1:2] == b"\x03":
                continue  # fast authentication succeeded; the OK follows
            elif payload[0] == 0x01 and plugin == CACHING_SHA2 and payload[1:2] == b"\x04":
                raise LoginError("caching_sha2_password asks for full authentication, which needs TLS or RSA; "
                                 "this tool only does the fast path (use a mysql_native_password account)")
            else:
                raise LoginError(f"unexpected packet during login: 0x{payload[0]:02x}")


async def open_client(arguments, password, gate):
    async with gate:
        reader, writer = await asyncio.open_connection(arguments.host, arguments.port)
        client = Client(reader, writer)
        try:
            await asyncio.wait_for(client.login(arguments.user, password, arguments.database),
                                   arguments.login_timeout)
        except asyncio.TimeoutError:
            writer.close()
            raise LoginError(f"no answer within {arguments.login_timeout:g} s of connecting") from None
        except BaseException:
            writer.close()
            raise
        return client


def write_status(path, logged_in, failures):
    lines = [f"logged_in={logged_in}", f"failed={len(failures)}"]
    lines += [f"error={count} x {text}" for text, count in collections.Counter(failures).most_common(5)]
    temporary = path + ".partial"
    with open(temporary, "w", encoding="utf-8") as status:
        status.write("\n".join(lines) + "\n")
    os.replace(temporary, path)


async def main(arguments):
    password = os.environ.get(arguments.password_env, "").encode()
    gate = asyncio.Semaphore(arguments.parallel)
    outcomes = await asyncio.gather(*(open_client(arguments, password, gate) for _ in range(arguments.clients)),
                                    return_exceptions=True)
    clients = [outcome for outcome in outcomes if isinstance(outcome, Client)]
    failures = [f"{type(outcome).__name__}: {outcome}" for outcome in outcomes if not isinstance(outcome, Client)]
    write_status(arguments.status, len(clients), failures)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    still_open = sum(1 for client in clients if not client.reader.at_eof())
    print(f"idle_clients: {still_open} of {len(clients)} connections were still open at the end", file=sys.stderr)
    for client in clients:
        client.writer.close()


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password-env", required=True, help="name of the environment variable holding the password")
    parser.add_argument("--database", default="")
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--parallel", type=int, default=64, help="logins in flight at once")
    parser.add_argument("--login-timeout", type=float, default=30.0, help="seconds per login")
    parser.add_argument("--status", required=True, help="file to write when every login has finished")
    return parser.parse_args()


if __name__ == "__main__":
    _, hard_limit = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard_limit, hard_limit))
    asyncio.run(main(parse_arguments()))
