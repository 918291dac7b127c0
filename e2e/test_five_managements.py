"""The five managements on a phone-sized window: a parent answers the term's monitoring questionnaire for the child,
a slip of the thumb (30 hours of sleep) is refused and kept, and the school's page counts the answer; the bureau
strikes a title from a school's reading list with a reason, and families no longer see it."""
from selenium.webdriver.common.by import By

from conftest import screenshot, sign_in, sign_out, submit


def answer(browser, sleep):
    form = browser.find_element(By.ID, "sv-form")
    field = form.find_element(By.NAME, "q_sleep")
    field.clear()
    field.send_keys(sleep)
    for name in ("q_bedtime", "q_phone"):
        radio = form.find_elements(By.NAME, name)[0]
        if not radio.is_selected():
            radio.click()
    for name, value in (("q_activityInSchool", "60"), ("q_activityOutOfSchool", "45"), ("q_reading", "30")):
        box = form.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)
    # The browser's own range check would stop 30 hours before the server sees it: the server's message is the one tested.
    browser.execute_script("arguments[0].removeAttribute('max')", field)
    submit(browser, form.find_element(By.ID, "sv-submit"))


def test_a_parent_answers_the_monitoring_and_the_school_counts_it(browser):
    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "问卷").click()
    browser.find_element(By.PARTIAL_LINK_TEXT, "五项管理监测问卷（4年级）").click()
    answer(browser, "30")
    assert "0 到 24" in browser.find_element(By.ID, "sv-error").text
    assert browser.find_element(By.NAME, "q_activityInSchool").get_attribute("value") == "60", "the other answers are kept"
    answer(browser, "9.5")
    assert "感谢" in browser.find_element(By.ID, "notice").text
    screenshot(browser, "monitoring-parent")
    sign_out(browser)

    sign_in(browser, "principal")
    browser.find_element(By.LINK_TEXT, "五项管理").click()
    row = next(tr for tr in browser.find_elements(By.CSS_SELECTOR, "#fm-table tbody tr") if tr.text.startswith("4年级"))
    assert "%" in row.text
    screenshot(browser, "monitoring-school")


def test_the_bureau_strikes_a_reading_title_with_its_reason(browser):
    sign_in(browser, "bureau")
    browser.find_element(By.LINK_TEXT, "推荐书目").click()
    item = next(li for li in browser.find_elements(By.CSS_SELECTOR, ".rd-list li") if "城南旧事" in li.text)
    item.find_element(By.CSS_SELECTOR, "details.rd-strike summary").click()
    item.find_element(By.NAME, "reason").send_keys("版本插图不适合低年级，请换用人民文学出版社版")
    submit(browser, item.find_element(By.CSS_SELECTOR, "details.rd-strike button"))
    assert "已撤下" in browser.find_element(By.ID, "rd-notice").text
    screenshot(browser, "reading-bureau")
    sign_out(browser)

    sign_in(browser, "principal")
    browser.find_element(By.LINK_TEXT, "推荐书目").click()
    assert "版本插图不适合低年级" in browser.find_element(By.CSS_SELECTOR, ".rd-list").text
