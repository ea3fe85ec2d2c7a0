"""What every browser test does the same way: log in through the login page as one of the personas
(tests/conftest.py makes them, all with PASSWORD), log out through the header's button, and keep a
screenshot as a test artefact under test-results/<area>/ (kept by CI with the junit report)."""

import re
from pathlib import Path

PASSWORD = "pass-Word-123"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def log_in(page, base, username, password=PASSWORD):
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def log_out(page, base=None):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/login/"))


def screenshot(page, area: str, name: str) -> Path:
    """Save a full-page screenshot as test-results/<area>/<name>.png and return its path."""
    folder = RESULTS / area
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
