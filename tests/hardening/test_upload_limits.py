"""Upload limits: a request body above MAX_REQUEST_BODY_BYTES is refused with 413 from its declared
length, before the body is read (a page gets the translated 413 page, the API JSON); and every upload
field has a size and a type limit whose message (zh-hans) is attached to that field."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from enforcement.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- the whole request ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/verify/ABCD", "/cases/new/", "/login/"])
def test_a_page_post_declaring_too_large_a_body_is_413_before_it_is_read(client, settings, path):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    # The test client's payload holds 10 bytes: reading the 2 KB declared would raise, so a 413
    # here shows nothing read the body.
    response = client.generic(
        "POST", path, b"0123456789", "multipart/form-data; boundary=x", CONTENT_LENGTH="2048"
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "请求过大" in body and "1024" not in body
    assert "<title>请求过大" in body


def test_an_api_post_declaring_too_large_a_body_is_a_json_413(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    response = client.generic(
        "POST", "/api/v1/cases/", b"{}", "application/json", CONTENT_LENGTH=str(2 * 1024 * 1024)
    )
    assert response.status_code == 413
    data = response.json()
    assert data["code"] == "too_large" and data["max_bytes"] == 1024 and CJK.search(data["detail"])


@pytest.mark.django_db
def test_a_body_within_the_limit_goes_through(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    response = client.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code != 413


def test_the_proxy_allows_a_little_more_than_the_application(settings):
    from config.settings import base

    conf = (ROOT / "deploy/nginx/default.conf").read_text()
    proxy_mb = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert (
        base.MAX_REQUEST_BODY_BYTES // (1024 * 1024)
        < proxy_mb
        <= base.MAX_REQUEST_BODY_BYTES // (1024 * 1024) + 2
    )


# --- each upload field -----------------------------------------------------------------------------
def _proof(upload):
    from documents.serving import proof_check

    proof_check(upload)


def _aid(upload):
    from aid.services import _check_file

    _check_file(upload)


def _agreement(upload):
    from cases.views.detail import _store_agreement

    _store_agreement(upload)


def _verify(upload):
    from documents.views import VerifyUploadForm

    form = VerifyUploadForm(data={}, files={"file": upload})
    if not form.is_valid():
        raise InvalidInput(form.errors["file"][0], fields={"file": form.errors["file"]})


CHECKS = {
    # field: (check, field name the message is attached to, size-limit constant to shrink)
    "service proof": (_proof, "proof", ("documents.serving", "MAX_PROOF_BYTES")),
    "aid supporting files": (_aid, "files", ("aid.services", "MAX_FILE_BYTES")),
    "settlement agreement": (
        _agreement,
        "payload.agreement_file",
        ("cases.views.detail", "AGREEMENT_MAX_BYTES"),
    ),
    "verification upload": (_verify, "file", ("documents.views", "MAX_UPLOAD_BYTES")),
}


def _refusal(check, upload) -> InvalidInput:
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as caught:
        check(upload)
    return caught.value


@pytest.mark.parametrize("name", CHECKS)
def test_every_upload_field_refuses_too_large_a_file_next_to_the_field(name, monkeypatch):
    check, field, (module, constant) = CHECKS[name]
    monkeypatch.setattr(f"{module}.{constant}", len(PDF) - 1)
    error = _refusal(check, SimpleUploadedFile("文件.pdf", PDF, "application/pdf"))
    assert list(error.fields) == [field]
    assert CJK.search(error.fields[field][0]) and "MB" in error.fields[field][0]


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize(
    "upload",
    [
        lambda: SimpleUploadedFile("文件.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
        lambda: SimpleUploadedFile("文件.exe", b"MZ\x90\x00" + b"\x00" * 64, "application/octet-stream"),
    ],
    ids=["html under a .pdf name", "an executable"],
)
def test_every_upload_field_refuses_a_file_of_the_wrong_type_next_to_the_field(name, upload):
    check, field, _ = CHECKS[name]
    error = _refusal(check, upload())
    assert list(error.fields) == [field]
    assert CJK.search(error.fields[field][0])


def test_the_checks_cover_every_upload_field_in_the_code():
    """A new FileField in a form or serializer fails here until its limits are added to CHECKS."""
    found = set()
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("tests/", ".venv/")) or "/migrations/" in rel:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\b(forms|serializers)\.FileField\(|\bMultipleFileField\(", line):
                found.add(rel)
    assert found == {
        "aid/forms.py",  # files -> aid.services._check_file
        "aid/api/serializers.py",  # files -> aid.services._check_file
        "cases/forms.py",  # agreement_file -> cases.views.detail._store_agreement
        "documents/service_views.py",  # proof -> documents.serving.proof_check
        "documents/api/service_views.py",  # proof -> documents.serving.proof_check
        "documents/views.py",  # the verification upload -> VerifyUploadForm.clean_file
    }
