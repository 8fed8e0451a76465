#!/usr/bin/env python3
"""Records MySQL wire packets between a real client and a real server, as annotated hex.

A logging TCP relay: listen on 127.0.0.1:<listen>, forward to <target>, and write every packet
that crosses it, in order and with its direction, to <out>. Run a client through it without TLS
(e.g. `mariadb --skip-ssl -h127.0.0.1 -P<listen> -uroot -e 'SELECT 1'`), then cut the transcript
into one vector per file under golden/<phase>/ and annotate the fields by hand.

    record.py --listen 3399 --target 127.0.0.1:3306 --out /tmp/transcript.hex
"""
import argparse
import socket
import threading


def relay(src, dst, direction, out, lock):
    buf = b""
    while True:
        data = src.recv(65536)
        if not data:
            break
        dst.sendall(data)
        buf += data
        while len(buf) >= 4:
            length = int.from_bytes(buf[:3], "little")
            if len(buf) < 4 + length:
                break
            packet, buf = buf[:4 + length], buf[4 + length:]
            with lock:
                out.write(f"# {direction} length={length} seq={packet[3]}\n")
                for i in range(0, len(packet), 16):
                    out.write(" ".join(f"{b:02x}" for b in packet[i:i + 16]) + "\n")
                out.flush()
    dst.shutdown(socket.SHUT_WR)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--target", required=True, help="host:port of the real server")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    server = socket.create_server(("127.0.0.1", args.listen))
    lock = threading.Lock()
    with open(args.out, "w") as out:
        while True:
            client, _ = server.accept()
            backend = socket.create_connection((host, int(port)))
            with lock:
                out.write("# ---- new connection ----\n")
            threading.Thread(target=relay, args=(client, backend, "client->server", out, lock), daemon=True).start()
            threading.Thread(target=relay, args=(backend, client, "server->client", out, lock), daemon=True).start()


if __name__ == "__main__":
    main()
