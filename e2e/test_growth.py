"""People and growth on a phone-sized window: a tutor's home visit and written feedback that the parent acknowledges;
a pupil's evaluation from the guardian's records through the school's approval and the class's display to the seal;
a parent objecting during a display and the head teacher answering."""
import datetime
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot, server_on, sign_in, sign_out, submit


def test_a_tutors_home_visit_and_written_feedback_the_parent_acknowledges(browser):
    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "导师与家访").click()
    child = browser.find_element(By.CSS_SELECTOR, "#growth-children a").text.split("（")[0].strip()
    sign_out(browser)

    sign_in(browser, "teacher")
    browser.find_element(By.LINK_TEXT, "导师与家访").click()
    for kind, summary in (("home_visit", "与家长交流孩子的作息和阅读习惯"), ("written_feedback", "本月按时完成作业，课堂发言更主动了，继续加油")):
        form = browser.find_element(By.ID, "growth-log-form")
        pupil = Select(form.find_element(By.NAME, "student"))
        pupil.select_by_visible_text(next(o.text for o in pupil.options if child in o.text))
        Select(form.find_element(By.NAME, "kind")).select_by_value(kind)
        if kind == "home_visit":
            form.find_element(By.NAME, "present").send_keys("母亲、学生")
        form.find_element(By.NAME, "summary").send_keys(summary)
        submit(browser, form.find_element(By.ID, "growth-log-submit"))
        assert "已记录" in browser.find_element(By.ID, "notice").text
    screenshot(browser, "growth-tutor-desk")
    sign_out(browser)

    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "导师与家访").click()
    browser.find_element(By.CSS_SELECTOR, "#growth-children a").click()
    logs = browser.find_element(By.ID, "growth-logs").text
    assert "继续加油" in logs, "the guardians read the written feedback"
    assert "与家长交流孩子的作息" not in logs, "a home visit's notes are for the tutor, head teacher and school"
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button.ack-feedback"))
    assert "家长已阅" in browser.find_element(By.ID, "growth-logs").text
    screenshot(browser, "growth-feedback-acknowledged")


def test_a_pupils_evaluation_runs_from_the_guardian_to_the_seal(browser):
    sign_in(browser, "parent2")
    browser.find_element(By.LINK_TEXT, "综合素质评价").click()
    browser.find_element(By.CSS_SELECTOR, "#evaluation-children a").click()
    pupil_url = browser.current_url
    browser.find_element(By.CSS_SELECTOR, "#evaluation-record-form summary").click()
    form = browser.find_element(By.CSS_SELECTOR, "#evaluation-record-form form")
    Select(form.find_element(By.NAME, "dimension")).select_by_value("practice")
    form.find_element(By.NAME, "fact").send_keys("参加社区敬老院志愿服务两次")
    form.find_element(By.NAME, "evidence").send_keys("社区证明")
    submit(browser, form.find_element(By.CSS_SELECTOR, "button"))
    assert "参加社区敬老院志愿服务两次" in browser.find_element(By.ID, "evaluation-records").text
    form = browser.find_element(By.CSS_SELECTOR, "#evaluation-submit form")
    form.find_element(By.NAME, "summary").send_keys("本学期我坚持锻炼，学会了安排时间。")
    submit(browser, form.find_element(By.CSS_SELECTOR, "button"))
    assert "小组互评" in browser.find_element(By.ID, "evaluation-stage").text
    sign_out(browser)

    # The school's administrator may record the group's and the class's evaluations, then approves.
    sign_in(browser, "principal2")
    for text in ("小组评议：积极参加集体活动", "该生学习认真，乐于服务他人", ""):
        browser.get(pupil_url)
        form = browser.find_element(By.ID, "evaluation-review")
        form.find_element(By.NAME, "text").send_keys(text)
        submit(browser, form.find_element(By.CSS_SELECTOR, "button[value=pass]"))
        assert browser.find_elements(By.ID, "notice"), browser.find_element(By.TAG_NAME, "main").text
    assert "审核通过" in browser.find_element(By.ID, "evaluation-stage").text
    browser.find_element(By.LINK_TEXT, "综合素质评价").click()
    browser.find_element(By.CSS_SELECTOR, ".evaluation-school table a").click()
    class_path = "/" + browser.current_url.split("/", 3)[3]
    submit(browser, browser.find_element(By.ID, "evaluation-start"))
    state = browser.find_element(By.ID, "evaluation-display-state").text
    assert "公示中" in state
    ends = re.search(r"\d{4}-\d{2}-\d{2}", state).group(0)
    screenshot(browser, "evaluation-display-started")
    sign_out(browser)

    # The day after the display's last day, on a server whose clock has moved on, the school seals the class.
    later = (datetime.date.fromisoformat(ends) + datetime.timedelta(days=1)).isoformat()
    with server_on(later) as base:
        sign_in(browser, "principal2", base=base)
        browser.get(base + class_path)
        submit(browser, browser.find_element(By.ID, "evaluation-seal"))
        assert "已封存" in browser.find_element(By.ID, "evaluation-display-state").text
        screenshot(browser, "evaluation-sealed")
        sign_out(browser)
        sign_in(browser, "parent2", base=base)
        browser.get(base + "/" + pupil_url.split("/", 3)[3])
        assert "已封存" in browser.find_element(By.ID, "evaluation-stage").text
        assert not browser.find_elements(By.ID, "evaluation-record-form"), "a sealed record takes no more facts"


def test_parent_objects_during_the_display_and_the_head_teacher_answers(browser):
    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "综合素质评价").click()
    children = browser.find_element(By.ID, "evaluation-children")
    children.find_element(By.LINK_TEXT, "查看班级公示").click()
    listing = browser.find_element(By.ID, "evaluation-display-list").text
    assert "公示中" in browser.find_element(By.ID, "evaluation-display-state").text
    assert "*" in listing, "other pupils' names are masked"
    screenshot(browser, "evaluation-display-parent")
    form = browser.find_element(By.CSS_SELECTOR, "#evaluation-object form")
    Select(form.find_element(By.NAME, "evaluation")).select_by_index(1)
    form.find_element(By.NAME, "text").send_keys("该生的班级总评与实际表现不符，请核实")
    submit(browser, form.find_element(By.CSS_SELECTOR, "button"))
    assert "异议已提交" in browser.find_element(By.ID, "notice").text
    sign_out(browser)

    sign_in(browser, "teacher")
    browser.find_element(By.LINK_TEXT, "综合素质评价").click()
    browser.find_element(By.CSS_SELECTOR, "#evaluation-headed a").click()
    answers = browser.find_elements(By.CSS_SELECTOR, "#evaluation-objections form")
    assert len(answers) == 2, "the demo's objection and the new one wait for an answer"
    answers[-1].find_element(By.NAME, "answer").send_keys("已与小组核实，评语依据本学期记录，维持原评价")
    submit(browser, answers[-1].find_element(By.CSS_SELECTOR, "button"))
    assert "已答复异议" in browser.find_element(By.ID, "notice").text
    screenshot(browser, "evaluation-class-head-teacher")
    sign_out(browser)

    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "综合素质评价").click()
    browser.find_element(By.LINK_TEXT, "查看班级公示").click()
    assert "维持原评价" in browser.find_element(By.ID, "evaluation-objections").text, "the parent reads the answer to their objection"
