"""Stored documents are never served as plain files: not in DEBUG, not by WhiteNoise; only the
permission-checked download view hands them out."""

import importlib
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.urls import clear_url_caches

import config.urls

DOCUMENT_PATH = "documents/青0102/2026/execution_notice/ABCDEFGHJKLM.pdf"


@pytest.fixture
def stored_pdf(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = Path(settings.MEDIA_ROOT) / DOCUMENT_PATH
    path.parent.mkdir(parents=True)
    path.write_bytes("%PDF-1.7 公民身份号码110105199001010011".encode())
    return path


@pytest.fixture
def debug_urlconf(settings):
    """The URL configuration as `./dev run` builds it: DEBUG on when the module is imported."""
    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(config.urls)
    yield
    settings.DEBUG = False
    clear_url_caches()
    importlib.reload(config.urls)


@pytest.mark.django_db
def test_media_is_not_served_in_debug(client, stored_pdf, debug_urlconf, settings):
    response = client.get(f"{settings.MEDIA_URL}{DOCUMENT_PATH}")
    assert response.status_code == 404
    assert b"110105199001010011" not in b"".join(getattr(response, "streaming_content", [response.content]))


@pytest.mark.django_db
def test_media_is_not_served_by_the_static_file_server(client, stored_pdf, settings):
    for url in (
        f"{settings.MEDIA_URL}{DOCUMENT_PATH}",
        f"{settings.STATIC_URL}{DOCUMENT_PATH}",
        f"{settings.STATIC_URL}../media/{DOCUMENT_PATH}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url


def test_system_check_refuses_media_inside_a_static_folder(settings, tmp_path):
    settings.STATICFILES_DIRS = [tmp_path / "static"]
    settings.MEDIA_ROOT = tmp_path / "static" / "media"
    ids = {message.id for message in run_checks()}
    assert "enforcement.E001" in ids


def test_system_check_refuses_a_url_that_serves_media(settings, debug_urlconf, monkeypatch):
    from django.conf.urls.static import static

    monkeypatch.setattr(
        config.urls,
        "urlpatterns",
        config.urls.urlpatterns + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
    )
    clear_url_caches()
    ids = {message.id for message in run_checks()}
    assert "enforcement.E002" in ids


def test_system_checks_pass_as_configured():
    assert not [m for m in run_checks() if m.id.startswith("enforcement.")]
