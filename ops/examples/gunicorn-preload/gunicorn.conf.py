"""gunicorn settings of the example: the application is imported in the master, then forked."""
preload_app = True
workers = 2
worker_class = "sync"


def post_fork(server, worker):
    import app  # the module the master preloaded: forking copied it into this worker

    app.post_fork()
