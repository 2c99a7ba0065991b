"""The worker: work that must not wait on a request — draining the search
outbox into the index, rebuilding a missing or damaged index, later mail
intake — done by one process at a time (``rsi-case-worker CONFIG``), which
holds a lease in the database while it works. Web processes started with
``rsi_case.search.mode = worker`` leave all of it to the worker."""
