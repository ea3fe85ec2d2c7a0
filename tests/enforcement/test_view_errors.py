"""enforcement.view_errors: what each service error becomes on a browser page."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from enforcement.errors import Conflict, InvalidInput, NotAllowed, NotFound, ServiceError
from enforcement.view_errors import OWN_TEXT, ErrorMapping, service_errors


def _request():
    request = RequestFactory().post("/x/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _back(request, *args, **kwargs):
    return HttpResponse("back", status=302)


def _page(status):
    def page(request, message):
        return HttpResponse(message, status=status)

    return page


def _raising(exc):
    def view(request):
        raise exc

    return view


def test_not_found_is_the_404_with_the_views_text_or_the_errors_own():
    with pytest.raises(Http404, match="^No such case$"):
        service_errors(back=_back, not_found="No such case")(_raising(NotFound("gone")))(_request())
    with pytest.raises(Http404, match="^This notice has no PDF yet$"):
        service_errors(not_found=OWN_TEXT)(_raising(NotFound("This notice has no PDF yet")))(_request())


def test_not_allowed_is_the_views_403_page():
    response = service_errors(back=_back, forbidden=_page(403))(_raising(NotAllowed("not yours")))(_request())
    assert (response.status_code, response.content) == (403, b"not yours")


def test_invalid_input_is_the_views_own_page_with_the_field_messages_when_it_has_one():
    exc = InvalidInput("bad", fields={"kind": ["Unknown kind."]})
    response = service_errors(invalid=_page(400))(_raising(exc))(_request())
    assert (response.status_code, response.content.decode()) == (400, "Unknown kind.")


def test_conflict_is_a_message_with_the_failing_text_and_the_way_back():
    request = _request()
    view = service_errors(back=_back, failing="Could not do it: %(error)s")(_raising(Conflict("too late")))
    assert view(request).content == b"back"
    assert [str(m) for m in get_messages(request)] == ["Could not do it: too late"]


def test_without_a_way_back_an_error_that_needs_a_message_goes_on_to_the_error_page():
    view = service_errors(not_found="No such case")(_raising(Conflict("too late")))
    with pytest.raises(Conflict):
        view(_request())
    mapping = ErrorMapping(forbidden=_page(403), handles=(NotAllowed,))
    with pytest.raises(InvalidInput):
        mapping.respond(_request(), InvalidInput("bad"), None)  # not one it handles


def test_an_error_not_in_handles_is_not_caught():
    with pytest.raises(ServiceError):
        service_errors(back=_back)(_raising(ServiceError("documents cannot be made here")))(_request())
