"""Phones on a phone-sized window: a parent applies in writing with consent for the child to bring a phone, and the
head teacher approves it; the parent sees the decision."""
from selenium.webdriver.common.by import By

from conftest import screenshot, sign_in, sign_out, submit


def test_a_parents_phone_application_is_approved_by_the_head_teacher(browser):
    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "手机管理").click()
    form = browser.find_element(By.ID, "phones-apply")
    form.find_element(By.NAME, "reason").send_keys("周五放学后独自乘公交去外婆家，需要到站报平安")
    form.find_element(By.NAME, "consent").click()
    submit(browser, form.find_element(By.ID, "phones-submit"))
    assert "申请已提交" in browser.find_element(By.ID, "phones-notice").text
    sign_out(browser)

    sign_in(browser, "teacher")
    browser.find_element(By.LINK_TEXT, "手机管理").click()
    item = next(li for li in browser.find_elements(By.CSS_SELECTOR, "#phones-queue li") if "去外婆家" in li.text)
    item.find_element(By.NAME, "note").send_keys("同意，到校交班主任保管")
    screenshot(browser, "phones-head-teacher")
    submit(browser, item.find_element(By.CSS_SELECTOR, "button.phones-approve"))
    assert "已处理" in browser.find_element(By.ID, "phones-notice").text
    sign_out(browser)

    sign_in(browser, "parent")
    browser.find_element(By.LINK_TEXT, "手机管理").click()
    mine = browser.find_element(By.CSS_SELECTOR, ".phones-mine").text
    assert "已同意" in mine and "到校交班主任保管" in mine
    screenshot(browser, "phones-parent")
