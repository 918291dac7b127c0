"""The homework walk: the principal switches on a review step, the teacher files homework and sees the
day's room under the cap, the principal approves it, the parent sees it and reports the real time."""
import datetime
import os

from selenium.webdriver.common.by import By

from conftest import BASE_URL, screenshot, sign_in, sign_out


def recent_weekdays():
    """The server's school day (e2e/run.sh starts its clock on one) and the days before it, weekends left out."""
    day = datetime.date.fromisoformat(os.environ["E2E_TODAY"])
    for _ in range(7):
        if day.weekday() < 5:
            yield day
        day -= datetime.timedelta(days=1)


def test_teacher_files_reviewer_approves_parent_sees_and_reports(browser):

    sign_in(browser, "principal")
    browser.find_element(By.LINK_TEXT, "第一实验小学").click()
    browser.find_element(By.ID, "school-settings").click()
    checkbox = browser.find_element(By.ID, "step-academic-office")
    if not checkbox.is_selected():
        checkbox.click()
    browser.find_element(By.ID, "save-settings").click()
    assert "已保存" in browser.find_element(By.ID, "notice").text
    sign_out(browser)

    sign_in(browser, "teacher")
    # The most recent teaching day: a public holiday is refused, and the teacher tries the day before.
    for candidate in recent_weekdays():
        day = candidate.isoformat()
        content = "数学练习册第 %s 页 1-6 题" % day[-2:]
        browser.get(BASE_URL + "/homework/file?date=" + day)
        assert "今日剩余" in browser.find_element(By.ID, "remaining").text
        minutes = browser.find_element(By.ID, "minutes")
        minutes.clear()
        minutes.send_keys("25")
        browser.find_element(By.ID, "content").send_keys(content)
        browser.find_element(By.ID, "file-submit").click()
        if not browser.find_elements(By.ID, "file-error"):
            break
        assert "不是教学日" in browser.find_element(By.ID, "file-error").text
    assert "等待审核" in browser.find_element(By.ID, "notice").text
    assert content in browser.find_element(By.ID, "day-load").text
    screenshot(browser, "homework-file")

    # Over the cap: refused with the numbers, and nothing is filed.
    minutes = browser.find_element(By.ID, "minutes")
    minutes.clear()
    minutes.send_keys("40")
    browser.find_element(By.ID, "content").send_keys("口算 100 题")
    browser.find_element(By.ID, "file-submit").click()
    assert "超出书面作业总量上限" in browser.find_element(By.ID, "file-error").text
    screenshot(browser, "homework-over-cap")
    sign_out(browser)

    sign_in(browser, "principal")
    browser.get(BASE_URL + "/homework/review")
    screenshot(browser, "review-queue")
    item = [i for i in browser.find_elements(By.CSS_SELECTOR, ".queue-item") if content in i.text][0]
    item.find_element(By.CSS_SELECTOR, "button.approve").click()
    assert "已处理" in browser.find_element(By.ID, "notice").text
    sign_out(browser)

    sign_in(browser, "parent")
    browser.find_element(By.CSS_SELECTOR, "#children a").click()
    browser.get(browser.current_url.split("?")[0] + "?date=" + day)
    assert content in browser.find_element(By.ID, "published").text
    assert "书面作业 25 分钟" in browser.find_element(By.ID, "published-total").text
    screenshot(browser, "parent-homework")
    browser.find_element(By.ID, "feedback-minutes").send_keys("35")
    browser.find_element(By.ID, "feedback-submit").click()
    assert "已收到您的反馈" in browser.find_element(By.ID, "notice").text
