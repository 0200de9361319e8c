"""gunicorn settings for production (README, Production):

    gunicorn -c python:workspace.gunicorn_conf -b 127.0.0.1:8001 workspace.wsgi:app

One worker per process: a Socket.IO session lives in the memory of the process that accepted
it, so scale with processes sharing WORKSPACE_REDIS_URL. The gevent worker serves each
connection in a greenlet, so thousands of open websockets cost no thread each; measured
against gthread with `workspace bench --worker gthread` (README, Performance). `workspace
bench` starts its servers with this file too.
"""

workers = 1
worker_class = "gevent"  # patches the standard library before the app is imported
worker_connections = 5000  # open connections per process, websockets included
graceful_timeout = 20
