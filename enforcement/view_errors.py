"""One mapping from the errors services raise to what a browser page answers, instead of a
try/except ladder in every view (the API's is enforcement.api.errors):

- NotFound → the 404 page, with the view's own text (`not_found`) or, when the view has none, a
  message like the others;
- NotAllowed → the view's 403 page (`forbidden`) or, when it has none, a message;
- InvalidInput and Conflict → a message, "<failing>：<what is wrong>", and the view's way back.

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

from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound, ServiceError

MAPPED = (InvalidInput, NotAllowed, NotFound, Conflict)


def error_text(exc: ServiceError) -> str:
    """A ServiceError as one sentence: its field messages when it has any, else its message."""
    details: list[str] = []
    for found in exc.fields.values():
        for message in found if isinstance(found, list | tuple) else [found]:
            if str(message) not in details:
                details.append(str(message))
    return "；".join(details) if details else exc.message


@dataclass(frozen=True)
class ErrorMapping:
    failing: str = ""
    not_found: str | None = None
    forbidden: Callable[..., HttpResponse] | None = None
    handles: tuple[type[ServiceError], ...] = MAPPED

    def respond(self, request, exc: ServiceError, back: Callable[[], HttpResponse]) -> HttpResponse:
        if not isinstance(exc, self.handles):
            raise exc
        if isinstance(exc, NotFound) and self.not_found is not None:
            raise Http404(self.not_found) from None
        if isinstance(exc, NotAllowed) and self.forbidden is not None:
            return self.forbidden(request, exc.message)
        text = error_text(exc)
        messages.error(request, f"{self.failing}：{text}" if self.failing else text)
        return back()


def service_errors(
    *, back: Callable[..., HttpResponse], failing: str = "", not_found=None, forbidden=None, handles=MAPPED
):
    """Decorate a view: a ServiceError it lets out is answered by ErrorMapping; `back(request,
    *args, **kwargs)` (the view's own arguments) is where a message sends the user."""
    mapping = ErrorMapping(failing=failing, not_found=not_found, forbidden=forbidden, handles=handles)

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except mapping.handles as exc:
                return mapping.respond(request, exc, lambda: back(request, *args, **kwargs))

        return wrapped

    return decorate
