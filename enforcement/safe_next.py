"""The address a page hands back to itself (the language switcher's `next`) without what must not
travel: the query string of a public page (the defaulter search carries a full ID number, the
party-progress and verification look-ups their codes) is dropped whole, and elsewhere any parameter
that names an ID number, a code or a secret is dropped. What is echoed ends up in the page, in the
browser's history after the redirect and in Referer headers, so it must hold nothing sensitive."""

from urllib.parse import urlencode

# Pages anyone may open whose query is someone's look-up (paths as served, prefix matched).
PUBLIC_PREFIXES = ("/public/", "/verify/")
# Parameters never echoed on any page (matched case-insensitively, on the name or its suffix).
SENSITIVE_PARAMS = ("id_number", "id_no", "idno", "credit_code", "code", "token", "password", "secret")


def _sensitive(name: str) -> bool:
    name = name.lower()
    return any(name == s or name.endswith("_" + s) for s in SENSITIVE_PARAMS)


def echo_path(request) -> str:
    """request.get_full_path() with the sensitive part removed (see the module)."""
    path = request.path
    if path.startswith(PUBLIC_PREFIXES) or not request.GET:
        return path
    kept = [(k, v) for k, values in request.GET.lists() if not _sensitive(k) for v in values]
    return f"{path}?{urlencode(kept)}" if kept else path
