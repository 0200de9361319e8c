"""`workspace bench`: the project's own benchmark. See bench/README.md.

Modules: targets (what is measured: register pages, live fan-outs, searches), dataset (fresh
database, bulk data), server (gunicorn), load (wrk or Python), querycount (also for tests),
weight (page weight), fanout (Socket.IO), machine (versions), runner (the run and the table).
"""
