"""A machine that cannot make documents (no Chinese font, no PDF renderer) still serves every page:
issuing is refused with what is missing and the command that installs it (503 where a page has no
better place for the message), never a 500 and never a document of empty boxes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.urls import reverse

from assets.choices import AssetKind, AssetSource
from assistance.choices import NoticeAction
from assistance.models import Notice
from documents import rendering, services
from documents.models import Document, DocumentCounter
from documents.rendering import FONT_PACKAGES, PANGO_PACKAGES, MissingGlyphs, RenderSupport
from enforcement.choices import AgencyKind

pytestmark = pytest.mark.django_db

NO_CJK_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <dir>/usr/share/fonts/truetype/liberation</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def no_cjk_font(monkeypatch):
    """What the probe finds on a machine without fonts-noto-cjk."""
    found = RenderSupport(ok=False, missing=FONT_PACKAGES, detail="字形缺失（.notdef）：执行")
    monkeypatch.setattr(rendering, "render_support", lambda **kwargs: found)


@pytest.fixture
def glyphs_missing_in_render(monkeypatch):
    """A font that passes the probe but lacks glyphs a document needs (the check after rendering)."""

    def missing(pdf, expected, **kwargs):
        raise MissingGlyphs(rendering.GlyphReport(fonts=[], expected=list(expected), missing_glyphs={"执"}))

    monkeypatch.setattr(services, "check_glyphs", missing)
    monkeypatch.setattr(rendering, "render_support", lambda **kwargs: RenderSupport(ok=True))


@pytest.fixture
def case(file_case):
    return file_case()


@pytest.fixture
def account(case, judge, agencies):
    from assets.services import asset_record

    return asset_record(
        actor=judge,
        case_id=case.pk,
        kind=AssetKind.BANK_DEPOSIT,
        description="活期储蓄账户",
        identifier="6222 0200 0000 0001",
        holder_agency_id=agencies[AgencyKind.BANK].pk,
        estimated_value="30000.00",
        source=AssetSource.INVESTIGATION,
        owner_id=case.parties.filter(role="respondent", kind="person").get().pk,
    )


def _freeze(client, case, agencies, account):
    return client.post(
        reverse("assistance:notice-draft", args=[case.pk]),
        {
            "agency": agencies[AgencyKind.BANK].pk,
            "action": NoticeAction.FREEZE,
            "asset": account.pk,
            "amount": "30000.00",
        },
    )


# --- the probe -------------------------------------------------------------------------------------------
def test_the_probe_finds_no_chinese_font_where_fontconfig_has_none(tmp_path):
    """The real thing, in a process whose fontconfig knows only Latin fonts (as on a bare machine)."""
    if not Path("/usr/share/fonts/truetype/dejavu").is_dir():
        pytest.skip("needs fonts-dejavu-core for a font set without CJK")
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_CJK_FONTCONFIG.format(cache=tmp_path / "fc-cache"))
    code = (
        "import django; django.setup(); "
        "from documents.rendering import render_support, documents_unavailable_reason; "
        "found = render_support(); print(found.ok, found.missing, sep='|'); print(documents_unavailable_reason())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **os.environ,
            "FONTCONFIG_FILE": str(conf),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
        },
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    first, reason = result.stdout.splitlines()[:2]
    assert first == f"False|{FONT_PACKAGES}"
    assert f"apt-get install {FONT_PACKAGES}" in reason


def test_the_probe_names_the_renderers_libraries_when_weasyprint_cannot_load(monkeypatch):
    def no_pango(html):
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")

    monkeypatch.setattr(rendering, "html_to_pdf", no_pango)
    found = rendering.render_support(refresh=True)
    assert not found.ok and found.missing == PANGO_PACKAGES
    assert f"apt-get install {PANGO_PACKAGES}" in rendering.documents_unavailable_reason()
    monkeypatch.undo()
    rendering.render_support(refresh=True)  # what this machine really has, for the tests after this one


# --- issuing is refused, with the reason, before a number is taken ------------------------------------------
def test_issue_is_refused_with_the_install_command_and_takes_no_number(clerk, case, no_cjk_font):
    party = case.parties.filter(role="respondent").first()
    with pytest.raises(services.DocumentsUnavailable) as refused:
        services.document_issue(actor=clerk, kind="execution_notice", case_id=case.pk, party_id=party.pk)
    assert refused.value.status == 503
    assert f"apt-get install {FONT_PACKAGES}" in refused.value.message
    assert not Document.objects.exists() and not DocumentCounter.objects.exists()
    assert not list(Path(django_settings.MEDIA_ROOT).rglob("*.pdf"))


def test_documents_page_says_why_and_the_issue_button_answers_with_a_message(
    client_for, clerk, case, no_cjk_font
):
    browser = client_for(clerk)
    page = browser.get(reverse("documents:case", args=[case.pk]))
    assert page.status_code == 200
    assert 'id="documents-unavailable"' in page.content.decode() and FONT_PACKAGES in page.content.decode()
    party = case.parties.filter(role="respondent").first()
    response = browser.post(
        reverse("documents:issue", args=[case.pk]), {"kind": "execution_notice", "party": party.pk}
    )
    assert response.status_code == 302
    assert any(FONT_PACKAGES in str(m) for m in get_messages(response.wsgi_request))
    batch_page = browser.get(reverse("documents:batch-new"))
    assert batch_page.status_code == 200 and FONT_PACKAGES in batch_page.content.decode()


def test_preview_answers_503_with_the_reason(client_for, clerk, case, no_cjk_font):
    party = case.parties.filter(role="respondent").first()
    response = client_for(clerk).get(
        reverse("documents:preview"), {"kind": "execution_notice", "case": case.pk, "party": party.pk}
    )
    assert response.status_code == 503
    assert FONT_PACKAGES in response.content.decode()


def test_a_notice_that_cannot_get_its_pdf_is_503_not_500_and_nothing_is_saved(
    client_for, judge, case, agencies, account, no_cjk_font
):
    response = _freeze(client_for(judge), case, agencies, account)
    assert response.status_code == 503
    html = response.content.decode()
    assert FONT_PACKAGES in html and "<h1>" in html
    assert not Notice.objects.exists()  # the notice and its measure rolled back with the refusal


def test_glyphs_missing_after_rendering_is_503_not_500(
    client_for, judge, case, agencies, account, glyphs_missing_in_render
):
    response = _freeze(client_for(judge), case, agencies, account)
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode()
    assert not Notice.objects.exists() and not Document.objects.exists()
