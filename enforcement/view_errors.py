"""One mapping from the errors services raise to what a browser page answers, instead of a
try/except ladder in every view (the API's is enforcement.api.errors):

- NotFound → the 404 page, with the view's own text (`not_found`; `OWN_TEXT`: the error's own
  message) or, when the view has none, a message like the others;
- NotAllowed → the view's 403 page (`forbidden`) or, when it has none, a message;
- InvalidInput → the view's own page (`invalid`, given the error as one sentence: a PDF frame has
  no messages to show) or, like Conflict, a message, `failing` with `%(error)s` filled in by what is wrong
  ("The decision could not be made: %(error)s"), and the view's way back.

Any other ServiceError (documents cannot be made on this machine: 503) goes on to the site's error
page (enforcement.service_errors) unless the view lists it in `handles`, as a message too.

A view that shows a form again with the field errors catches InvalidInput itself first (it knows its
form); everything else goes through here, either as the `service_errors` decorator or, where the
text depends on what the view loaded, `ErrorMapping(...).respond(request, exc, back)`."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound, ServiceError

MAPPED = (InvalidInput, NotAllowed, NotFound, Conflict)


class _OwnText:
    def __repr__(self):
        return "OWN_TEXT"


OWN_TEXT = _OwnText()  # as `not_found`: the 404 page says what the NotFound says


def error_text(exc: ServiceError) -> str:
    """A ServiceError as one sentence: its field messages when it has any, else its message."""
    details: list[str] = []
    for found in exc.fields.values():
        for message in found if isinstance(found, list | tuple) else [found]:
            if str(message) not in details:
                details.append(str(message))
    return _("; ").join(details) if details else exc.message


@dataclass(frozen=True)
class ErrorMapping:
    failing: str = ""  # translated; with `%(error)s` where the error goes, else "<failing>: <error>"
    not_found: str | _OwnText | None = None
    forbidden: Callable[..., HttpResponse] | None = None
    handles: tuple[type[ServiceError], ...] = MAPPED
    invalid: Callable[..., HttpResponse] | None = None

    def respond(self, request, exc: ServiceError, back: Callable[[], HttpResponse] | None) -> HttpResponse:
        """The answer to `exc`; `back()` after a message (None: the view shows no messages, and
        an error that would need one goes on to the site's error page)."""
        if not isinstance(exc, self.handles):
            raise exc
        if isinstance(exc, NotFound) and self.not_found is not None:
            raise Http404(exc.message if self.not_found is OWN_TEXT else str(self.not_found)) from None
        if isinstance(exc, NotAllowed) and self.forbidden is not None:
            return self.forbidden(request, exc.message)
        text = error_text(exc)
        if isinstance(exc, InvalidInput) and self.invalid is not None:
            return self.invalid(request, text)
        if back is None:
            raise exc
        failing = str(self.failing)
        if not failing:
            messages.error(request, text)
        elif "%(error)s" in failing:
            messages.error(request, failing % {"error": text})
        else:
            messages.error(request, _("%(failing)s: %(error)s") % {"failing": failing, "error": text})
        return back()


def service_errors(
    *,
    back: Callable[..., HttpResponse] | None = None,
    failing: str = "",
    not_found=None,
    forbidden=None,
    invalid=None,
    handles=MAPPED,
):
    """Decorate a view: a ServiceError it lets out is answered by ErrorMapping; `back(request,
    *args, **kwargs)` (the view's own arguments) is where a message sends the user (None: a view
    that answers with a file shows no messages)."""
    mapping = ErrorMapping(
        failing=failing, not_found=not_found, forbidden=forbidden, handles=handles, invalid=invalid
    )

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except mapping.handles as exc:
                again = None if back is None else (lambda: back(request, *args, **kwargs))
                return mapping.respond(request, exc, again)

        return wrapped

    return decorate
