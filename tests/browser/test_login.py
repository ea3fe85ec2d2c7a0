"""A clerk logs in through Debian's chromium and sees the Chinese home page with their court."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_logs_in_and_sees_chinese_home_with_court(live_server, page, clerk, court):
    page.goto(f"{live_server.url}/")
    assert page.title().startswith("登录")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("pass-Word-123")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1.org-title").inner_text() == "西宁市城东区人民法院"
    assert page.locator(".role-name").inner_text() == "书记员"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    nav = page.locator("nav.mainnav").inner_text()
    assert "首页" in nav and "消息" in nav


def test_wrong_password_says_so_in_chinese(live_server, page, clerk):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert "请输入一个正确的" in page.locator(".form-errors").inner_text()
