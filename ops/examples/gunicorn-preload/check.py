#!/usr/bin/python3
"""Runs the example app under gunicorn --preload in each configuration and checks what the fork
hazard does to it: 50 requests at once, then 1,000 at concurrency 50, each answer compared with
the row it asked for (the seed experiment of mybouncer's prefork server).

  preloaded pool, directly to MariaDB      the hazard shows: wrong or failed answers
  NullPool, through mybouncer              every answer right
  pool emptied in post_fork, via mybouncer every answer right
  preloaded pool, through mybouncer        still broken, but loudly: failed answers, no wrong one;
                                           whether mybouncer's ERR 1184 reached the app is reported

Usage (table t with rows 1..1000 holding 'row-N' must exist, see README.md):
  DB_PASSWORD=... /usr/bin/python3 check.py --mariadb 127.0.0.1:3306 --mybouncer 127.0.0.1:6033 \\
      --user app --database demo
Prints a summary and a line "RESULT {json}" per configuration; exits 1 when a check fails.
"""
import argparse
import collections
import concurrent.futures
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
PHASES = [(50, 50), (1000, 50)]  # (requests, in flight at once)
MAX_ID = 1000
HTTP_TIMEOUT = 60
START_TIMEOUT = 60
HAZARD = "mybouncer stopped this connection"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mariadb", required=True, metavar="HOST:PORT", help="the database itself")
    parser.add_argument("--mybouncer", required=True, metavar="HOST:PORT", help="mybouncer in front of it")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password-env", default="DB_PASSWORD", metavar="VAR",
                        help="environment variable holding the password (default: DB_PASSWORD)")
    parser.add_argument("--database", required=True, help="the schema holding table t")
    return parser.parse_args()


def database_url(args, address):
    host, port = address.rsplit(":", 1)
    password = urllib.parse.quote_plus(os.environ.get(args.password_env, ""))
    return f"mysql+pymysql://{urllib.parse.quote_plus(args.user)}:{password}@{host}:{port}/{args.database}"


class Gunicorn:
    """gunicorn serving app.py on a free loopback port: the socket is bound here and handed over."""

    def __init__(self, pool, url):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(2048)
        self.port = self.listener.getsockname()[1]
        self.log = tempfile.TemporaryFile()
        fd = self.listener.fileno()
        # No bytecode files: the example's folder stays as it is checked out.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", os.path.join(HERE, "gunicorn.conf.py"),
             "--chdir", HERE, "--bind", f"fd://{fd}", "app:app"],
            pass_fds=[fd], env=dict(os.environ, POOL=pool, DATABASE_URL=url, PYTHONDONTWRITEBYTECODE="1"),
            stdout=self.log, stderr=subprocess.STDOUT)
        self.listener.close()  # gunicorn holds it now

    def wait_until_serving(self):
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.output()[-4000:]}")
            try:
                status, _ = get(self.port, "/health")
                if status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not serve within {START_TIMEOUT} s:\n{self.output()[-4000:]}")
            time.sleep(0.05)

    def output(self):
        """Everything gunicorn, its workers and the app logged so far."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self):
        """Stops gunicorn (quick shutdown) and returns everything it logged."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        output = self.output()
        self.log.close()
        return output


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def classify(row_id, port):
    """(outcome, worker pid or None, reason) for one GET /q?id=row_id."""
    try:
        status, body = get(port, f"/q?id={row_id}")
    except (OSError, http.client.HTTPException) as error:
        return "failed", None, f"no HTTP answer: {type(error).__name__}: {error}"
    try:
        answer = json.loads(body)
    except ValueError:
        return "failed", None, f"HTTP {status}, unreadable answer: {body[:80]!r}"
    worker = answer.get("worker")
    if status != 200:
        error = str(answer.get("error"))
        return "failed", worker, error[:error.index(HAZARD) + len(HAZARD)] + " ..." if HAZARD in error else error
    if answer.get("id") is None and answer.get("value") is None:
        return "empty", worker, ""
    if answer.get("id") != row_id or answer.get("value") != f"row-{row_id}":
        return "wrong", worker, f"asked for id {row_id}, got {answer.get('id')} {answer.get('value')}"
    return "correct", worker, ""


def run_load(port):
    outcomes = collections.Counter()
    failures = collections.Counter()
    workers = collections.Counter()
    for requests, concurrency in PHASES:
        with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as lanes:
            for outcome, worker, reason in lanes.map(lambda _: classify(random.randint(1, MAX_ID), port),
                                                     range(requests)):
                outcomes[outcome] += 1
                workers[worker] += 1
                if outcome == "failed":
                    failures[reason] += 1
    return outcomes, failures, workers


def hazard_shows(result):
    if result["wrong"] + result["failed"] == 0:
        return ["the hazard did not show: no wrong and no failed answer"]
    return []


def every_answer_right(result):
    if result["correct"] != result["requests"]:
        return [f"expected every answer right, got {result['wrong']} wrong, {result['empty']} empty,"
                f" {result['failed']} failed"]
    return []


def still_broken(result):
    """mybouncer stops a shared connection at a worker's first use of what the master used before it
    forked (or when a command arrives while another process's answer is still owed), with ERR 1184 to
    every later command (SQLAlchemy's rollback on return then fails too, and the pool drops the
    connection; the worker opens its own). A worker waiting on the same socket may read nothing and
    lose the connection. Either way no answer reaches the wrong worker: each worker's first query is
    held until the proxy has looked. The configuration stays broken: the fix is the pool's, not the
    proxy's."""
    problems = hazard_shows(result)
    if result["wrong"]:
        problems.append(f"{result['wrong']} wrong answers: mybouncer let a shared connection answer")
    if result["empty"]:
        problems.append(f"{result['empty']} empty answers")
    return problems


SCENARIOS = [
    ("preloaded pool, directly to MariaDB", "preloaded", "mariadb", hazard_shows),
    ("NullPool, through mybouncer", "null", "mybouncer", every_answer_right),
    ("pool emptied in post_fork, through mybouncer", "per-worker", "mybouncer", every_answer_right),
    ("preloaded pool, through mybouncer", "preloaded", "mybouncer", still_broken),
]


def main():
    args = parse_args()
    # A JVM starts its children with SIGQUIT blocked (its thread-dump signal), and the mask is
    # inherited: gunicorn's workers would then ignore the SIGQUIT that stops them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGQUIT])
    problems = []
    for name, pool, target, check in SCENARIOS:
        launched = time.monotonic()
        server = Gunicorn(pool, database_url(args, args.mariadb if target == "mariadb" else args.mybouncer))
        try:
            server.wait_until_serving()
            started = time.monotonic()
            outcomes, failures, workers = run_load(server.port)
            ended = time.monotonic()
        finally:
            log = server.stop()
        stopped = time.monotonic()
        result = {"scenario": name, "requests": sum(outcomes.values()),
                  **{outcome: outcomes[outcome] for outcome in ("correct", "wrong", "empty", "failed")},
                  "failures": dict(failures.most_common()), "workers": len([w for w in workers if w is not None]),
                  "hazard_reached_app": HAZARD in log or any(HAZARD in reason for reason in failures)}
        print(f"{name}: {result['requests']} requests in {ended - started:.1f} s, answered by {result['workers']}"
              f" workers (gunicorn up in {started - launched:.1f} s, stopped in {stopped - ended:.1f} s)")
        print("  " + ", ".join(f"{outcome} {result[outcome]} ({100 * result[outcome] / result['requests']:.1f}%)"
                               for outcome in ("correct", "wrong", "empty", "failed")))
        for reason, count in failures.most_common(5):
            print(f"  failed: {count:5d} x {reason}")
        if target == "mybouncer":
            print(f"  mybouncer's ERR 1184 reached the app: {'yes' if result['hazard_reached_app'] else 'no'}")
        print("RESULT " + json.dumps(result), flush=True)
        problems += [f"{name}: {problem}" for problem in check(result)]
    for problem in problems:
        print("CHECK FAILED: " + problem)
    print("all checks passed" if not problems else f"{len(problems)} checks failed", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
