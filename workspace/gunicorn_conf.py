"""gunicorn settings for production (docs/operating.md):

    gunicorn -c python:workspace.gunicorn_conf -b 127.0.0.1:8001 workspace.wsgi:app

One worker per process: a Socket.IO session lives in the memory of the process that accepted
it, so scale with processes sharing WORKSPACE_REDIS_URL. The gevent worker serves each
connection in a greenlet, so thousands of open websockets cost no thread each; measured
against gthread with `workspace bench --worker gthread` (docs/performance.md). `workspace
bench` starts its servers with this file too.
"""

workers = 1
worker_class = "gevent"  # patches the standard library before the app is imported
worker_connections = 5000  # open connections per process, websockets included
graceful_timeout = 20


def post_worker_init(worker) -> None:
    """Leave what loading the app created out of the garbage collector's full passes.

    A full pass walks every tracked object; the loaded app alone is about 190,000 of them,
    and while thousands of sockets connect such passes come every few seconds and hold the
    worker (and every delivery of a live event) for 100-300 ms on a busy machine. Objects
    made before this point live as long as the process, so the collector has nothing to
    find among them.
    """
    import gc

    gc.freeze()


def post_request(worker, req, environ, resp) -> None:
    """Let the other connections' requests run before this one's next.

    A gevent worker switches between connections only when one waits. A client whose next
    request is already in the socket when its answer is sent is served again at once, so
    under load a few connections get most of the process while others wait for seconds.
    Yielding after each answer serves the ready connections in turn.
    """
    import gevent

    gevent.sleep(0)
