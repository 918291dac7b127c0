"""The after-school walk on a phone-sized window: the bureau sees the plan that falls short on Fridays and sends it
back; the principal's new program is refused for new lessons (AS-06), then added and listed; the parent reads it."""
import datetime
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import replaced, screenshot, sign_in, sign_out


def test_bureau_sends_back_the_short_plan(browser):
    sign_in(browser, "bureau")
    browser.find_element(By.LINK_TEXT, "课后服务").click()
    row = browser.find_element(By.XPATH, "//table[@id='as-plans']//tr[td/a[text()='城关小学']]")
    assert "未达标" in row.text
    screenshot(browser, "after-school-overview")
    row.find_element(By.LINK_TEXT, "城关小学").click()
    problems = browser.find_element(By.ID, "as-problems").text
    assert "周五课后服务只有 60 分钟" in problems and "AS-02" in problems and "AS-01" in problems
    assert "flag" in browser.find_element(By.CSS_SELECTOR, "#as-grid tbody tr:first-child td:last-child").get_attribute("class")
    screenshot(browser, "after-school-check")
    browser.find_element(By.CSS_SELECTOR, "#as-send-back input[name=reason]").send_keys("周五服务不足两小时，请补齐后重报")
    browser.find_element(By.CSS_SELECTOR, "#as-send-back button").click()
    assert "已退回" in browser.find_element(By.ID, "notice").text
    assert "请补齐后重报" in browser.find_element(By.ID, "as-sent-back").text


def fill_program(browser, name, description):
    browser.find_element(By.CSS_SELECTOR, "#as-add-program summary").click()
    form = browser.find_element(By.ID, "as-program-form")
    for field, value in (("name", name), ("description", description), ("staffName", "孙老师"), ("start", "16:40"),
                         ("end", "17:40"), ("room", "美术室"), ("capacity", "20")):
        element = form.find_element(By.NAME, field)
        element.clear()
        element.send_keys(value)
    Select(form.find_element(By.NAME, "category")).select_by_value("art")
    Select(form.find_element(By.NAME, "staffKind")).select_by_value("volunteer")
    for box in ("grade4", "day5"):
        checkbox = form.find_element(By.NAME, box)
        if not checkbox.is_selected():
            checkbox.click()
    browser.find_element(By.ID, "as-program-submit").click()


def test_principal_adds_a_program_the_parent_reads(browser):
    sign_in(browser, "principal")
    browser.find_element(By.LINK_TEXT, "课后服务").click()
    browser.find_element(By.LINK_TEXT, "第一实验小学").click()
    assert browser.find_element(By.ID, "as-meets")
    fill_program(browser, "国画", "提前讲新课")
    error = browser.find_element(By.ID, "as-program-error").text
    assert "AS-06" in error and "讲新课" in error
    # The form keeps what was typed.
    assert browser.find_element(By.CSS_SELECTOR, "#as-program-form input[name=name]").get_attribute("value") == "国画"
    screenshot(browser, "after-school-refused")
    form = browser.find_element(By.ID, "as-program-form")
    description = form.find_element(By.NAME, "description")
    description.clear()
    description.send_keys("水墨写意入门")
    browser.find_element(By.ID, "as-program-submit").click()
    assert "已新增课程" in browser.find_element(By.ID, "as-program-notice").text
    assert "国画" in browser.find_element(By.ID, "as-program-list").text
    sign_out(browser)

    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "课后服务").click()
    browser.find_element(By.LINK_TEXT, "第一实验小学").click()
    listing = browser.find_element(By.ID, "as-program-list").text
    assert "国画" in listing and "周五 16:40–17:40" in listing
    assert not browser.find_elements(By.ID, "as-program-form")
    screenshot(browser, "after-school-parent")


def test_parent_gives_up_a_place_and_joins_a_waiting_list(browser):
    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "课后服务").click()
    browser.find_element(By.CSS_SELECTOR, "#as-children a").click()
    assert "学校已统一分配名额" in browser.find_element(By.ID, "as-signup-note").text
    offers = browser.find_element(By.ID, "as-offers")
    choir = offers.find_element(By.XPATH, ".//li[b[text()='合唱团']]")
    assert "已录取" in choir.text
    choir.find_element(By.CSS_SELECTOR, "form.as-withdraw button").click()
    assert "已退出" in browser.find_element(By.ID, "notice").text
    # 围棋社 is full after the allocation: the child joins its waiting list. The answer is a new page: wait for the
    # old notice to go before reading the new one.
    go = browser.find_element(By.XPATH, "//li[b[text()='围棋社']]")
    before = browser.find_element(By.ID, "notice")
    go.find_element(By.CSS_SELECTOR, "form.as-apply button").click()
    WebDriverWait(browser, 10).until(replaced(before))
    assert "候补" in browser.find_element(By.ID, "notice").text
    assert "候补第" in browser.find_element(By.XPATH, "//li[b[text()='围棋社']]").text
    screenshot(browser, "after-school-sign-up")


def test_register_then_the_family_answers_the_satisfaction_survey(browser):
    # The teacher's register on a phone: everyone ticked present by default, one pupil unticked.
    sign_in(browser, "principal")
    browser.find_element(By.LINK_TEXT, "课后服务").click()
    browser.find_element(By.LINK_TEXT, "第一实验小学").click()
    basic = browser.find_element(By.XPATH, "//ul[@id='as-program-list']/li[b[text()='作业辅导与答疑']]")
    basic.find_element(By.LINK_TEXT, "考勤").click()
    boxes = browser.find_elements(By.CSS_SELECTOR, "#as-register input[type=checkbox]")
    assert len(boxes) > 10
    if boxes[0].is_selected():
        boxes[0].click()
    browser.find_element(By.ID, "as-register-submit").click()
    assert "考勤已保存" in browser.find_element(By.ID, "notice").text
    screenshot(browser, "after-school-register")
    sign_out(browser)

    # The family answers the term's satisfaction survey, anonymously, once.
    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "问卷").click()
    browser.find_element(By.PARTIAL_LINK_TEXT, "课后服务家长满意度调查").click()
    assert "匿名" in browser.find_element(By.TAG_NAME, "body").text
    form = browser.find_element(By.CSS_SELECTOR, "form.sv-form")
    # Submitting without the first answer names the question; what was chosen stays chosen.
    form.find_element(By.CSS_SELECTOR, "input[name=q_homework][value='5']").click()
    browser.find_element(By.ID, "sv-submit").click()
    assert "请回答" in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert browser.find_element(By.CSS_SELECTOR, "input[name=q_homework][value='5']").is_selected()
    for question, value in (("q_overall", "4"), ("q_activities", "4"), ("q_safety", "5")):
        browser.find_element(By.CSS_SELECTOR, f"input[name={question}][value='{value}']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=q_burden][value='减轻了']").click()
    browser.find_element(By.ID, "sv-submit").click()
    assert "感谢您的填写" in browser.find_element(By.ID, "notice").text
    assert not browser.find_elements(By.CSS_SELECTOR, "form.sv-form")
    screenshot(browser, "survey-answered")
    sign_out(browser)

    # The school reads it per program with the response rate.
    sign_in(browser, "principal")
    browser.get(browser.current_url.split("/sign-in")[0] + "/after-school")
    browser.find_element(By.LINK_TEXT, "第一实验小学").click()
    browser.find_element(By.ID, "as-satisfaction-link").click()
    table = browser.find_element(By.ID, "as-satisfaction").text
    assert "全校" in table and "作业辅导与答疑" in table and "/ 5" in table
    screenshot(browser, "after-school-satisfaction")


def test_late_school_signs_up_allocates_marks_and_asks(browser):
    """第一中学's sign-up is still open: the family ranks two activities on the phone, the administrator closes sign-up
    and draws, takes the basic session's register with the child absent, and the family sees the place, the absence
    and the term's survey."""
    sign_in(browser, "parent2")
    browser.find_element(By.LINK_TEXT, "课后服务").click()
    browser.find_element(By.CSS_SELECTOR, "#as-children a").click()
    child = browser.find_element(By.TAG_NAME, "h1").text.split()[0]
    assert "志愿" in browser.find_element(By.ID, "as-signup-note").text
    for name, choice in (("合唱团", "1"), ("趣味科学实验", "2")):
        offer = browser.find_element(By.XPATH, f"//li[b[text()='{name}']]")
        Select(offer.find_element(By.NAME, "choice")).select_by_value(choice)
        before = browser.find_element(By.TAG_NAME, "h1")
        offer.find_element(By.CSS_SELECTOR, "form.as-apply button").click()
        WebDriverWait(browser, 10).until(replaced(before))
        assert f"第 {choice} 志愿" in browser.find_element(By.XPATH, f"//li[b[text()='{name}']]").text
    screenshot(browser, "after-school-ranked")
    sign_out(browser)

    sign_in(browser, "principal2")
    browser.find_element(By.LINK_TEXT, "课后服务").click()
    browser.find_element(By.LINK_TEXT, "第一中学").click()
    # Sign-up closed as of two days ago, then the draw.
    closes = browser.find_element(By.CSS_SELECTOR, "#as-signup-form input[name=closesOn]")
    two_days_ago = datetime.date.fromisoformat(os.environ["E2E_TODAY"]) - datetime.timedelta(days=2)
    browser.execute_script("arguments[0].value = arguments[1];", closes, two_days_ago.isoformat())
    browser.find_element(By.CSS_SELECTOR, "#as-signup-form button").click()
    saved = browser.find_element(By.ID, "notice")
    assert "报名设置已保存" in saved.text
    browser.find_element(By.CSS_SELECTOR, "#as-allocate-form button").click()
    # The page before the draw has a notice too: wait for the new page, not the old one's notice.
    WebDriverWait(browser, 10).until(replaced(saved))
    assert "已分配" in browser.find_element(By.ID, "notice").text
    assert "抽签种子" in browser.find_element(By.ID, "as-allocation").text
    screenshot(browser, "after-school-allocated")
    basic = browser.find_element(By.XPATH, "//ul[@id='as-program-list']/li[b[text()='作业辅导与答疑']]")
    basic.find_element(By.LINK_TEXT, "考勤").click()
    row = browser.find_element(By.XPATH, f"//ul[@id='as-register']/li[label[contains(., '{child}')]]")
    box = row.find_element(By.CSS_SELECTOR, "input[type=checkbox]")
    if box.is_selected():
        box.click()
    browser.find_element(By.ID, "as-register-submit").click()
    assert "缺勤" in browser.find_element(By.ID, "notice").text
    sign_out(browser)

    sign_in(browser, "parent2")
    browser.find_element(By.LINK_TEXT, "课后服务").click()
    browser.find_element(By.CSS_SELECTOR, "#as-children a").click()
    choir = browser.find_element(By.XPATH, "//li[b[text()='合唱团']]").text
    science = browser.find_element(By.XPATH, "//li[b[text()='趣味科学实验']]").text
    # One activity place at most: placed in one choice (the other released), or on the waiting lists.
    assert "已录取" in choir + science or "候补第" in choir + science
    marks = browser.find_element(By.ID, "as-marks")
    assert "作业辅导与答疑" in marks.text and "缺勤" in marks.text
    screenshot(browser, "after-school-marks")
    browser.find_element(By.LINK_TEXT, "问卷").click()
    browser.find_element(By.PARTIAL_LINK_TEXT, "课后服务家长满意度调查").click()
    for question, value in (("q_overall", "5"), ("q_homework", "4"), ("q_activities", "5"), ("q_safety", "5")):
        browser.find_element(By.CSS_SELECTOR, f"input[name={question}][value='{value}']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=q_burden][value='减轻了']").click()
    browser.find_element(By.ID, "sv-submit").click()
    assert "感谢您的填写" in browser.find_element(By.ID, "notice").text
