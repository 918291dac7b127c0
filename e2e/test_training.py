"""The off-campus training walk on a phone-sized window: the bureau registers an institution, records a course that
breaks the rules, orders it put right and, not put right, black-lists the institution; the public page shows it on the
black list; a parent without an account files a complaint with a phone number and the page's check code."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, screenshot, sign_in, sign_out, submit


def test_register_course_order_black_list_public_page_and_a_complaint(browser):
    sign_in(browser, "bureau")
    browser.find_element(By.LINK_TEXT, "校外培训").click()
    browser.find_element(By.CSS_SELECTOR, "#training-register-form summary").click()
    form = browser.find_element(By.CSS_SELECTOR, "#training-register-form form")
    form.find_element(By.NAME, "name").send_keys("思维星球科创中心")
    form.find_element(By.NAME, "creditCode").send_keys("52110105MJ0000001K")
    Select(form.find_element(By.NAME, "kind")).select_by_value("non_subject")
    Select(form.find_element(By.NAME, "mode")).select_by_value("offline")
    form.find_element(By.NAME, "address").send_keys("城关镇人民路8号")
    browser.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, "approvedOn"), "2023-05-10")
    submit(browser, browser.find_element(By.ID, "training-register-submit"))
    assert "已登记" in browser.find_element(By.ID, "notice").text
    assert "已审批" in browser.find_element(By.ID, "training-status").text

    browser.find_element(By.CSS_SELECTOR, "#training-course-form summary").click()
    form = browser.find_element(By.CSS_SELECTOR, "#training-course-form form")
    form.find_element(By.NAME, "name").send_keys("奥数思维挑战营")
    Select(form.find_element(By.NAME, "subject")).select_by_value("综合实践活动")
    form.find_element(By.NAME, "lessonMinutes").send_keys("60")
    form.find_element(By.NAME, "classSize").send_keys("20")
    form.find_element(By.NAME, "price").send_keys("90")
    for name in ("startsOn", "endsOn"):
        browser.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, name), "2026-12-01")
    form.find_element(By.NAME, "sessions").send_keys("5 19:45-20:45")
    form.find_element(By.NAME, "packages").send_keys("6 24 2160")
    submit(browser, browser.find_element(By.ID, "training-course-submit"))
    violations = browser.find_element(By.CSS_SELECTOR, ".training-violations").text
    assert "OT-06" in violations and "OT-09" in violations and "OT-16" in violations, violations
    screenshot(browser, "training-course-flagged")

    order = browser.find_element(By.CSS_SELECTOR, ".training-finding-form")
    browser.execute_script("arguments[0].value = arguments[1]", order.find_element(By.NAME, "dueOn"),
                           order.find_element(By.NAME, "dueOn").get_attribute("min"))
    submit(browser, order.find_element(By.CSS_SELECTOR, "button"))
    assert "已下达整改通知" in browser.find_element(By.ID, "notice").text
    close = browser.find_element(By.CSS_SELECTOR, "#training-findings form")
    Select(close.find_element(By.NAME, "outcome")).select_by_value("blacklisted")
    close.find_element(By.NAME, "note").send_keys("复查仍在开展学科类培训")
    submit(browser, close.find_element(By.CSS_SELECTOR, "button"))
    assert "黑名单" in browser.find_element(By.ID, "training-listing").text
    sign_out(browser)

    browser.get(BASE_URL + "/public/training")
    black = browser.find_element(By.ID, "training-list-black").text
    assert "思维星球科创中心" in black and "复查仍在开展学科类培训" in black
    screenshot(browser, "training-public")

    browser.find_element(By.ID, "training-complain").click()
    form = browser.find_element(By.ID, "training-complaint-form")
    Select(form.find_element(By.NAME, "institution")).select_by_visible_text("思维星球科创中心")
    form.find_element(By.NAME, "text").send_keys("被列入黑名单后仍在招生")
    form.find_element(By.NAME, "phone").send_keys("13912345678")
    code = re.search(r"\d{4}", browser.find_element(By.ID, "training-check-code").text).group(0)
    form.find_element(By.NAME, "checkCode").send_keys(code)
    submit(browser, browser.find_element(By.ID, "training-complaint-submit"))
    notice = browser.find_element(By.ID, "notice").text
    reference = re.search(r"TS\d{8}-\d{4}", notice).group(0)
    screenshot(browser, "training-complaint-filed")
    browser.find_element(By.LINK_TEXT, "查询投诉进度").click()
    form = browser.find_element(By.ID, "training-status-form")
    form.find_element(By.NAME, "phone").send_keys("5678")
    submit(browser, form.find_element(By.CSS_SELECTOR, "button"))
    assert "已受理" in browser.find_element(By.ID, "training-complaint-state").text
    assert reference
