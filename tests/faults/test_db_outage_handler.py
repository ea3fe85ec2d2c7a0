"""The 503 page's two hooks without a database: the handler500 path (an error raised in a
middleware) gives 503 for a database outage and still 500 for anything else."""

from django.db import InterfaceError, OperationalError

from enforcement.db_outage import server_error


def _handled(rf, exc):
    try:
        raise exc
    except Exception:
        return server_error(rf.get("/"))


def test_database_errors_are_503_with_retry_after(rf):
    for exc in (
        OperationalError("server closed the connection"),
        InterfaceError("connection already closed"),
    ):
        response = _handled(rf, exc)
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert b"Traceback" not in response.content


def test_other_errors_stay_500(rf):
    assert _handled(rf, ValueError("bug")).status_code == 500
