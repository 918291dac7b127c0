"""The quality-evaluation walk on a phone-sized window: the parent finds the child's class on public display, reads it
with other families' names masked and objects; the head teacher answers the objection; the parent reads the answer."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot, sign_in, sign_out, submit


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
