"""With DEBUG off the error pages are the site's own, in Chinese (English with the language
switched): 404, 403 and 400 in the base layout, 500 standalone, needing neither the database nor
the context processors."""

import pytest
from django.views.defaults import server_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.enforcement.error_urls")]


@pytest.fixture(autouse=True)
def no_debug(settings):
    settings.DEBUG = False


def test_a_wrong_url_shows_the_chinese_not_found_page(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "您要访问的页面不存在，或您无权查看。" in html
    assert "Not Found" not in html and 'class="topbar"' in html  # the base layout


def test_the_not_found_page_in_english(client):
    response = client.get("/no-such-page/", headers={"Accept-Language": "en"})
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_a_signed_in_user_keeps_the_menu_on_the_not_found_page(client_for, clerk):
    html = client_for(clerk).get("/no-such-page/").content.decode()
    assert "页面不存在" in html and "王书记员" in html


def test_permission_denied_shows_the_chinese_page(client):
    response = client.get("/_errors/403/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html and "您无权打开此页面。" in html and "403 Forbidden" not in html


def test_a_bad_request_shows_the_chinese_page(client):
    response = client.get("/_errors/400/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "请求有误" in html and "Bad Request (400)" not in html


def test_a_server_error_shows_the_chinese_page(client):
    client.raise_request_exception = False
    response = client.get("/_errors/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器错误" in html and "服务器出现错误，已记录在案，请稍后再试。" in html
    assert "Server Error (500)" not in html


def test_the_server_error_page_needs_no_database_and_no_context_processors(
    rf, settings, django_assert_num_queries
):
    # Django renders 500.html without the request; a page that needed the database or a context
    # processor (the menu, the user) could not show when they are what failed.
    template = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**template, "OPTIONS": {**template["OPTIONS"], "context_processors": []}}]
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500 and "服务器错误" in response.content.decode()
