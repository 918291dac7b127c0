import pytest
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE_URL, screenshot, sign_in

# Each demo account and what its home page must show.
ACCOUNTS = [
    ("bureau", "周局长", "district-overview"),
    ("inspector", "吴督学", "district-overview"),
    ("principal", "陈校长", "school-overview"),
    ("teacher", "王老师", "teaching"),
    ("teacher2", "李老师", "teaching"),
    ("parent", None, "children"),
    ("principal2", "刘校长", "school-overview"),
]


@pytest.mark.parametrize("username,name,section", ACCOUNTS)
def test_each_demo_account_signs_in_sees_its_home_and_signs_out(browser, username, name, section):
    sign_in(browser, username)
    welcome = browser.find_element("id", "welcome").text
    assert welcome.startswith("您好")
    if name:
        assert name in welcome
    assert browser.find_element("id", section).is_displayed()
    screenshot(browser, "home-" + username)
    browser.find_element("id", "sign-out").click()
    WebDriverWait(browser, 10).until(expected_conditions.url_contains("/sign-in"))
    browser.get(BASE_URL + "/")
    assert "/sign-in" in browser.current_url


def test_wrong_password_shows_a_chinese_message(browser):
    sign_in(browser, "teacher", "wrong-password")
    assert "用户名或密码不正确" in browser.find_element("css selector", "p.error").text


def test_teacher_opens_their_class_and_sees_the_roster(browser):
    sign_in(browser, "teacher")
    browser.find_element("link text", "4年级1班").click()
    rows = browser.find_elements("css selector", "#roster tbody tr")
    assert len(rows) >= 20
    screenshot(browser, "class-roster")


def test_language_switch_sticks(browser):
    sign_in(browser, "bureau")
    browser.find_element("link text", "English").click()
    assert "Hello" in browser.find_element("id", "welcome").text
    browser.get(BASE_URL + "/schools")
    assert "Schools" in browser.find_element("tag name", "h1").text
