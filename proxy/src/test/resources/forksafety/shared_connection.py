"""One connection to the proxy, used by two processes: the fork hazard, on purpose.

Usage: shared_connection.py HOST PORT USER PASSWORD DATABASE MODE
MODE fork: logs in, forks; the parent sends a slow query, then the child sends one while the
parent's answer is still owed. Each process prints one line: its own answer, or the error it got.
MODE pipeline: one process sends two queries before reading either answer, then reads both.
Lines: "parent ok <value>", "child error <code> <message>", ...
"""
import os
import sys

import pymysql
from pymysql.constants import COMMAND

host, port, user, password, database, mode = sys.argv[1:7]
# Both processes read the one socket through buffers of their own: one may take both answers and
# leave the other waiting. The read timeout turns that wait into an error line.
conn = pymysql.connect(host=host, port=int(port), user=user, password=password, database=database,
                       autocommit=True, read_timeout=10)
with conn.cursor() as cursor:
    cursor.execute("SELECT 1")
    cursor.fetchall()


def say(line):
    """Prints one line in one write: print() writes the text and the newline apart when the stream is
    unbuffered (PYTHONUNBUFFERED), and two processes on one pipe then interleave half lines."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def answer(who):
    """Reads one response from the shared socket and prints it."""
    try:
        conn._read_query_result()
        say(f"{who} ok {conn._result.rows[0][-1]}")
    except pymysql.err.MySQLError as error:
        say(f"{who} error {error.args[0]} {error.args[1] if len(error.args) > 1 else ''}")


if mode == "pipeline":
    conn._execute_command(COMMAND.COM_QUERY, "SELECT 'first'")
    conn._execute_command(COMMAND.COM_QUERY, "SELECT 'second'")
    answer("first")
    conn._next_seq_id = 1  # the second response starts its own sequence
    answer("second")
    sys.exit(0)

sent, go = os.pipe()
pid = os.fork()
if pid == 0:
    os.read(sent, 1)  # the parent's query is on its way
    conn._execute_command(COMMAND.COM_QUERY, "SELECT 'child'")
    answer("child")
    os._exit(0)
conn._execute_command(COMMAND.COM_QUERY, "SELECT SLEEP(2), 'parent'")
os.write(go, b"x")
answer("parent")
os.waitpid(pid, 0)
