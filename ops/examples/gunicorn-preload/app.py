"""A Flask app that reads one row per request through SQLAlchemy and PyMySQL, served by gunicorn
with --preload: the application is imported once, in the master, and then fork()ed into workers.

GET /q?id=N answers {"id": N, "value": "row-N", "worker": PID} from table t (rows 1..N holding
'row-N', as `prefork-server seed` or `mybouncer demo` leaves them), so an answer that belongs to
another request shows. A failed query answers HTTP 500 with {"error": ..., "worker": PID}.

Environment:
  DATABASE_URL  SQLAlchemy URL, e.g. mysql+pymysql://app:secret@127.0.0.1:6033/demo
  POOL          preloaded  - the broken configuration: a pool created at import, whose connection
                             every forked worker inherits
                per-worker - the same pool, emptied in each worker by gunicorn's post_fork hook
                             (gunicorn.conf.py), so each worker opens its own connections
                null       - no pool (NullPool): a connection per request, cheap through mybouncer
"""
import os

from flask import Flask, jsonify, request
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

POOL = os.environ.get("POOL", "preloaded")
# Seconds a worker waits for an answer. Short with a preloaded pool: a worker whose answer another
# process read would wait for ever. Long otherwise: every answer comes, if late on a busy machine.
READ_TIMEOUT = 2 if POOL == "preloaded" else 30
CONNECT_ARGS = {"read_timeout": READ_TIMEOUT, "write_timeout": READ_TIMEOUT}

if POOL == "null":
    engine = create_engine(os.environ["DATABASE_URL"], poolclass=NullPool, connect_args=CONNECT_ARGS)
elif POOL in ("preloaded", "per-worker"):
    engine = create_engine(os.environ["DATABASE_URL"], connect_args=CONNECT_ARGS)
else:
    raise SystemExit(f"POOL: {POOL!r} (expected: preloaded, per-worker or null)")

# What applications do at import: check the database. With a pool, the connection stays open in it,
# in the master, and every worker forked from the master inherits it.
with engine.connect() as connection:
    connection.execute(text("SELECT COUNT(*) FROM t"))


def post_fork():
    """Runs in each new worker, from gunicorn's post_fork hook."""
    if POOL == "per-worker":
        # Forget the inherited connections without closing them (that would end them for the
        # master and the other workers too); this worker's pool then opens its own.
        engine.dispose(close=False)


app = Flask(__name__)


@app.get("/q")
def query():
    row_id = int(request.args["id"])
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT :id AS id, name FROM t WHERE id = :id"), {"id": row_id}).first()
    except Exception as error:  # noqa: BLE001 - every database failure is the answer, for the load driver
        return jsonify(error=str(error).splitlines()[0], worker=os.getpid()), 500
    return jsonify(id=None if row is None else row[0], value=None if row is None else row[1], worker=os.getpid())


@app.get("/health")
def health():
    """Answers without the database: the load driver waits for this before it starts."""
    return jsonify(worker=os.getpid())
