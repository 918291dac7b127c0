"""The test-filing walk: the teacher is refused a unit test (EX-04), files the term's maths final, enters
the results and the specification table; the parent sees their child's level and no score."""
import datetime
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, screenshot, sign_in, sign_out


def last_weekday():
    """The server's school day (e2e/run.sh starts its clock on one)."""
    return datetime.date.fromisoformat(os.environ["E2E_TODAY"])


def fill_filing(browser, kind, day):
    Select(browser.find_element(By.ID, "test-kind")).select_by_value(kind)
    date = browser.find_element(By.ID, "test-date")
    browser.execute_script("arguments[0].value = arguments[1]", date, day.isoformat())
    duration = browser.find_element(By.ID, "test-duration")
    duration.clear()
    duration.send_keys("90")
    browser.find_element(By.ID, "test-submit").click()


def test_teacher_files_a_final_enters_results_and_the_parent_sees_the_level(browser):
    day = last_weekday()
    sign_in(browser, "teacher")
    browser.find_element(By.LINK_TEXT, "测试备案").click()
    Select(browser.find_element(By.ID, "test-class")).select_by_visible_text("第一实验小学 4年级1班")
    Select(browser.find_element(By.ID, "test-subject")).select_by_visible_text("数学")
    fill_filing(browser, "unit", day)
    error = browser.find_element(By.ID, "tests-error").text
    assert "EX-04" in error and "不得组织周考、月考、单元考试" in error
    screenshot(browser, "tests-refused")

    fill_filing(browser, "final", day)
    assert "已备案" in browser.find_element(By.ID, "notice").text
    browser.find_element(By.CSS_SELECTOR, "#tests-list a").click()

    inputs = browser.find_elements(By.CSS_SELECTOR, "#results-sheet input")
    assert len(inputs) > 20
    for field in inputs:
        field.send_keys("88")
    browser.find_element(By.ID, "results-submit").click()
    assert "已保存" in browser.find_element(By.ID, "notice").text
    assert "优秀" in browser.find_element(By.ID, "distribution").text

    cells = browser.find_elements(By.CSS_SELECTOR, "#spec-table tbody tr:first-child input")
    for field, value in zip(cells, ["分数的意义", "20", "30", "30", "20", "99"]):
        field.send_keys(value)
    browser.find_element(By.ID, "spec-total").send_keys("100")
    browser.find_element(By.ID, "spec-submit").click()
    assert "与小计 99 分不符" in browser.find_element(By.ID, "test-error").text
    row_total = browser.find_element(By.NAME, "total.0")
    row_total.clear()
    row_total.send_keys("100")
    browser.find_element(By.ID, "spec-submit").click()
    assert "细目表已保存" in browser.find_element(By.ID, "notice").text
    screenshot(browser, "tests-one")
    sign_out(browser)

    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "测试备案").click()
    assert "优秀" in browser.find_element(By.ID, "child-tests").text
    browser.find_element(By.CSS_SELECTOR, "#child-tests a").click()
    assert "优秀" in browser.find_element(By.ID, "own-level").text
    assert "88" not in browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_elements(By.ID, "results-sheet")
    screenshot(browser, "tests-parent")
