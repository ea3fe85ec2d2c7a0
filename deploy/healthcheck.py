"""Container health check for the web service: GET /healthz must answer 200.

Runs with the image's Python (curl is not in slim images). Django validates the Host header against
ALLOWED_HOSTS, so the request names a host the deployment accepts: HEALTHCHECK_HOST if set, else the
first usable ALLOWED_HOSTS entry, else localhost. Plain HTTP from inside the container: /healthz is
exempt from production's HTTPS redirect (SECURE_REDIRECT_EXEMPT), and a forwarded-scheme header
would be dropped anyway (127.0.0.1 is not a trusted proxy).
"""

import os
import sys
import urllib.error
import urllib.request


def host_header() -> str:
    if os.environ.get("HEALTHCHECK_HOST"):
        return os.environ["HEALTHCHECK_HOST"]
    for entry in os.environ.get("ALLOWED_HOSTS", "").split(","):
        entry = entry.strip()
        if entry and entry != "*":
            return entry.lstrip(".")  # ".example.cn" also accepts "example.cn"
    return "localhost"


def main() -> int:
    port = os.environ.get("HEALTHCHECK_PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host_header()},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"healthcheck: /healthz answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
