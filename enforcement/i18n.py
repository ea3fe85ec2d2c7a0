"""The record language: the one language the system's records are written in, whoever acts.

An audit summary is a legal record in Chinese (data, like a document's title): it must read the
same whether the clerk who acted had the interface in Chinese or in English. A choice label
(`get_action_display()`, `Role(...).label`, a case action's label) and a gettext'd string evaluate
in the language active when they are turned into text, which inside a request is the acting
user's. So text stored from labels is built under `in_record_language()`, or handed to the writer
as a lazy string or a callable and turned into text there (`record_text`): `audit_record` does
this with its summary and `notification_queue` with a title and body, so a service writes

    audit_record(..., summary=lambda: f"签发协助执行通知书：{notice.get_action_display()}")

and a new app gets the record language without doing anything else. A job that only writes
records (a beat sweep) is decorated with `@in_record_language()`. What is shown back to the user
(errors, messages, pages) stays in the user's language: only what is stored is built here
(CONTRIBUTING.md, "The record language")."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise


def record_language() -> str:
    """The language records are written in: the site's language (settings.LANGUAGE_CODE, zh-hans)."""
    return settings.LANGUAGE_CODE


@contextmanager
def in_record_language() -> Iterator[None]:
    """Evaluate labels and gettext inside this block in the record language."""
    with translation.override(record_language()):
        yield


def record_text(value: "str | Promise | Callable[[], str]") -> str:
    """`value` as text in the record language: a callable is called, and a lazy string (a choice's
    label, gettext_lazy) evaluated, under in_record_language(); a plain string is kept as it is."""
    if callable(value):
        with in_record_language():
            return str(value())
    if isinstance(value, Promise):
        with in_record_language():
            return str(value)
    return value
