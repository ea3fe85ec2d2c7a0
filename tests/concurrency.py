"""Run a function in N threads released together; each thread uses (and closes) its own
database connection. Errors are returned, not swallowed."""

import threading

from django.db import connection


def run_concurrently(target, n: int, *, timeout: float = 60) -> list:
    """Call target(i) for i in range(n) at once. Returns [(i, result or exception)]."""
    barrier = threading.Barrier(n)
    outcomes: list = [None] * n

    def worker(i):
        try:
            barrier.wait(timeout=timeout)
            outcomes[i] = (i, target(i))
        except Exception as exc:  # reported to the test
            outcomes[i] = (i, exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a thread did not finish"
    return outcomes
