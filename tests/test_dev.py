"""The README's two commands (./dev): the address `./dev run` serves is the one it prints and links
to, and the system packages are installed where root or sudo allows, or the exact command is printed
and the set-up goes on. ./dev runs for real against a stand-in virtualenv whose `python` records how
it was called, and stand-ins for dpkg-query, id, sudo and apt-get on PATH."""

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

DEV = Path(settings.BASE_DIR) / "dev"
RUN_PACKAGES = "fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0"
TEST_PACKAGES = f"{RUN_PACKAGES} poppler-utils chromium"


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


@pytest.fixture
def sandbox(tmp_path):
    """A virtualenv whose python logs its arguments and environment, and a bin of stand-ins."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "python.log"
    _script(
        venv / "bin" / "python",
        f'printf "%s|SITE_URL=%s|ALLOWED_HOSTS=%s\\n" "$*" "$SITE_URL" "$ALLOWED_HOSTS" >> {log}\n',
    )
    digest = hashlib.sha256((Path(settings.BASE_DIR) / "pyproject.toml").read_bytes()).hexdigest()[:16]
    (venv / f".installed-{digest}").touch()  # "installed": ./dev does not call pip
    fakebin = tmp_path / "bin"
    fakebin.mkdir()
    apt_log = tmp_path / "apt.log"
    # dpkg knows none of the packages; id says whatever FAKE_UID says; sudo cannot be used without a
    # password; apt-get records its arguments and exits with FAKE_APT_RC.
    _script(fakebin / "dpkg-query", "exit 1\n")
    _script(fakebin / "id", 'if [ "$1" = -u ]; then echo "${FAKE_UID:-1000}"; else echo fake; fi\n')
    _script(fakebin / "sudo", "exit 1\n")
    _script(fakebin / "apt-get", f'echo "$*" >> {apt_log}\nexit "${{FAKE_APT_RC:-0}}"\n')

    def run(*args, **env):
        base = {
            k: v for k, v in os.environ.items() if k not in ("SITE_URL", "ALLOWED_HOSTS", "DEV_PROVISION")
        }
        full_env = {**base, "VENV": str(venv), "PATH": f"{fakebin}:{os.environ['PATH']}", **env}
        result = subprocess.run(
            [str(DEV), *args],
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        result.calls = log.read_text().splitlines() if log.exists() else []
        result.apt = apt_log.read_text().splitlines() if apt_log.exists() else []
        return result

    return run


def _call(calls, prefix):
    matches = [c for c in calls if c.startswith(prefix)]
    assert matches, f"no call starting {prefix!r} in {calls}"
    return matches[0]


# --- ./dev run ADDRESS ---------------------------------------------------------------------------
def test_run_serves_prints_and_links_the_address_given(sandbox):
    result = sandbox("run", "0.0.0.0:8080", DEV_PROVISION="0")
    assert result.returncode == 0, result.stderr
    assert _call(result.calls, "manage.py migrate")
    load_demo = _call(result.calls, "manage.py load_demo")
    assert load_demo.startswith("manage.py load_demo --site-url http://127.0.0.1:8080|")
    runserver = _call(result.calls, "manage.py runserver")
    assert runserver.startswith("manage.py runserver 0.0.0.0:8080|SITE_URL=http://127.0.0.1:8080|")
    assert "serving on http://127.0.0.1:8080" in result.stdout


def test_run_with_a_port_only_and_an_explicit_site_url(sandbox):
    result = sandbox("run", "8081", "--noreload", DEV_PROVISION="0", SITE_URL="https://zhixing.court.example")
    assert result.returncode == 0, result.stderr
    # the login printed is where the server answers; the links keep the SITE_URL that was set
    assert _call(result.calls, "manage.py load_demo").startswith(
        "manage.py load_demo --site-url http://127.0.0.1:8081|"
    )
    runserver = _call(result.calls, "manage.py runserver")
    assert runserver.startswith(
        "manage.py runserver 127.0.0.1:8081 --noreload|SITE_URL=https://zhixing.court.example|"
    )


def test_run_on_a_named_address_allows_that_host(sandbox):
    result = sandbox("run", "192.0.2.10:9000", DEV_PROVISION="0")
    assert result.returncode == 0, result.stderr
    runserver = _call(result.calls, "manage.py runserver")
    assert "SITE_URL=http://192.0.2.10:9000|" in runserver
    assert runserver.endswith("ALLOWED_HOSTS=127.0.0.1,localhost,[::1],192.0.2.10")


def test_run_without_an_address_keeps_the_default(sandbox):
    result = sandbox("run", DEV_PROVISION="0")
    assert result.returncode == 0, result.stderr
    assert _call(result.calls, "manage.py runserver").startswith(
        "manage.py runserver 127.0.0.1:8000|SITE_URL=http://127.0.0.1:8000|"
    )


def test_run_refuses_an_address_that_is_not_one(sandbox):
    result = sandbox("run", "localhost:http", DEV_PROVISION="0")
    assert result.returncode == 2
    assert "is not PORT or HOST:PORT" in result.stderr
    assert result.calls == []


@pytest.mark.django_db
def test_load_demo_prints_the_login_of_the_address_served(settings):
    from io import StringIO

    out = StringIO()
    call_command("load_demo", site_url="http://127.0.0.1:8080/", stdout=out)
    assert "登录地址： http://127.0.0.1:8080/login/" in out.getvalue()
    settings.SITE_URL = "http://10.0.0.5:9000"
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "登录地址： http://10.0.0.5:9000/login/" in out.getvalue()


# --- provisioning -----------------------------------------------------------------------------------
def test_without_root_or_sudo_the_exact_command_is_printed_and_the_tests_still_run(sandbox):
    result = sandbox("test", "-q", FAKE_UID="1000")
    assert result.returncode == 0, result.stderr
    assert f"apt-get install -y --no-install-recommends {TEST_PACKAGES}" in result.stderr
    assert result.apt == []  # nothing tried without the rights to
    assert _call(result.calls, "-m pytest -q")


def test_as_root_the_missing_packages_are_installed(sandbox):
    result = sandbox("run", "8000", FAKE_UID="0")
    assert result.returncode == 0, result.stderr
    assert result.apt[0].endswith(f"install --no-install-recommends {RUN_PACKAGES}")
    assert "-y" in result.apt[0].split()
    assert _call(result.calls, "manage.py runserver")


def test_a_failed_install_prints_the_command_and_goes_on(sandbox):
    result = sandbox("test", FAKE_UID="0", FAKE_APT_RC="100")  # no network: every apt-get fails
    assert result.returncode == 0, result.stderr
    assert [line.split(" ")[-1] for line in result.apt] == ["chromium", "update"]  # install, then update
    assert "could not install" in result.stderr
    assert f"apt-get install -y --no-install-recommends {TEST_PACKAGES}" in result.stderr
    assert _call(result.calls, "-m pytest")


def test_dev_provision_0_leaves_the_system_alone(sandbox):
    result = sandbox("test", FAKE_UID="0", DEV_PROVISION="0")
    assert result.returncode == 0
    assert result.apt == [] and "apt-get" not in result.stderr
