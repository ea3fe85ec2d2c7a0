"""Run a function in N threads released together; each thread uses (and closes) its own
database connection. Errors are returned, not swallowed. FirstLockHandshake (PostgreSQL) holds each
thread after its first row lock until the others hold theirs or wait for one: the interleaving
that deadlocks under two lock orders, made certain instead of likely. RowLocks records the row
locks a connection takes (SELECT … FOR UPDATE), in the order PostgreSQL got them."""

import threading

from django.db import connection


class FirstLockHandshake:
    """Installed on each thread's connection: after the thread's first SELECT … FOR UPDATE, wait
    until every other thread has taken its first lock too, or is blocked waiting for one."""

    def __init__(self, n: int):
        self.pids: list[int | None] = [None] * n
        self.locked = [threading.Event() for _ in range(n)]

    def _blocked(self, pid: int) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted", [pid])
            return cursor.fetchone() is not None

    def wrapper(self, i: int):
        state = {"done": False}

        def wrap(execute, sql, params, many, context):
            if state["done"] or "FOR UPDATE" not in sql:
                return execute(sql, params, many, context)
            state["done"] = True
            result = execute(sql, params, many, context)
            self.locked[i].set()
            for j, other in enumerate(self.locked):
                if j == i:
                    continue
                # Bounded so that a thread that never locks anything cannot hang the test.
                for _ in range(3000):
                    if other.wait(0.01) or (self.pids[j] and self._blocked(self.pids[j])):
                        break
            return result

        return wrap


class RowLocks:
    """Every row lock taken while installed, as (table, ids in the statement's parameters)."""

    def __init__(self):
        self.taken: list[tuple[str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        if "FOR UPDATE" in sql:
            table = sql.split(" FROM ", 1)[1].split()[0].strip('"')
            self.taken.append((table, tuple(params or ())))
        return execute(sql, params, many, context)

    def position(self, table: str, pk: int) -> int:
        for i, (name, params) in enumerate(self.taken):
            if name == table and pk in params:
                return i
        raise AssertionError(f"no lock on {table} {pk}: {self.taken}")


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
