"""The supervision walk on a phone-sized window: the inspector records a visit from the school's figures and sets the
finding's rectification; the principal answers with a file; the inspector reopens it, the principal answers again,
the inspector accepts; then the school is rated on seed 002's table and its total shows in the bureau's list."""
import datetime
import os
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot, sign_in, sign_out, submit


def open_task(browser, description):
    browser.find_element(By.LINK_TEXT, "督导评估").click()
    browser.find_element(By.XPATH, f"//table[@id='sup-tasks']//a[text()='{description}']").click()


def test_visit_finding_response_reopen_acceptance_and_score(browser):
    today = datetime.date.fromisoformat(os.environ["E2E_TODAY"])
    description = "四年级数学作业连续三天超过60分钟"
    sign_in(browser, "inspector")
    browser.find_element(By.LINK_TEXT, "督导评估").click()
    browser.find_element(By.ID, "sup-new-inspection").click()
    # The inspector starts from what Jianfu knows of the school this term.
    Select(browser.find_element(By.CSS_SELECTOR, "form.inline-form select[name=school]")).select_by_visible_text("第一实验小学")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.inline-form button"))
    facts = browser.find_element(By.ID, "sup-facts").text
    assert "逾期未整改" in facts and "课后服务方案" in facts
    screenshot(browser, "supervision-new-visit")
    form = browser.find_element(By.ID, "sup-inspection-form")
    browser.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, "date"), today.isoformat())
    form.find_element(By.NAME, "area_homework").click()
    form.find_element(By.NAME, "method_records").click()
    form.find_element(By.NAME, "summary").send_keys("抽查四年级作业公示与家长反馈")
    form.find_element(By.NAME, "f0_category").send_keys("作业管理")
    Select(form.find_element(By.NAME, "f0_severity")).select_by_value("major")
    form.find_element(By.NAME, "f0_description").send_keys(description)
    form.find_element(By.NAME, "f0_evidence").send_keys("作业公示记录")
    submit(browser, browser.find_element(By.ID, "sup-inspection-submit"))
    assert "检查记录已保存" in browser.find_element(By.ID, "notice").text
    deadline = browser.find_element(By.CSS_SELECTOR, "form.sup-set input[name=deadline]")
    browser.execute_script("arguments[0].value = arguments[1]", deadline, (today + datetime.timedelta(days=14)).isoformat())
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.sup-set button"))
    assert "待整改" in browser.find_element(By.ID, "sup-state").text
    sign_out(browser)

    # The school answers with its measures and a file.
    with tempfile.NamedTemporaryFile("wb", suffix=".pdf", prefix="zhenggai-", delete=False) as evidence:
        evidence.write(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    sign_in(browser, "principal")
    open_task(browser, description)
    browser.find_element(By.NAME, "measures").send_keys("四年级各科作业每日由班主任汇总，超时当日调整。")
    browser.find_element(By.CSS_SELECTOR, "#sup-response-form input[type=file]").send_keys(evidence.name)
    submit(browser, browser.find_element(By.ID, "sup-response-submit"))
    assert "已报送整改" in browser.find_element(By.ID, "sup-state").text
    assert os.path.basename(evidence.name) in browser.find_element(By.ID, "sup-steps").text
    screenshot(browser, "supervision-answered")
    sign_out(browser)

    # The inspector reopens it with a reason; the school answers again; the inspector accepts.
    sign_in(browser, "inspector")
    open_task(browser, description)
    browser.find_element(By.NAME, "reason").send_keys("缺少调整记录，请补充")
    submit(browser, browser.find_element(By.ID, "sup-reopen"))
    assert "缺少调整记录" in browser.find_element(By.ID, "sup-steps").text
    assert "退回重改" in browser.find_element(By.ID, "sup-state").text
    sign_out(browser)
    sign_in(browser, "principal")
    open_task(browser, description)
    browser.find_element(By.NAME, "measures").send_keys("补充了三天的调整记录。")
    submit(browser, browser.find_element(By.ID, "sup-response-submit"))
    sign_out(browser)
    sign_in(browser, "inspector")
    open_task(browser, description)
    browser.find_element(By.NAME, "reason").send_keys("复查属实")
    submit(browser, browser.find_element(By.ID, "sup-accept"))
    assert "已验收" in browser.find_element(By.ID, "sup-state").text
    screenshot(browser, "supervision-accepted")

    # The school is rated this term on seed 002's table; its total shows in the list of schools.
    browser.find_element(By.LINK_TEXT, "督导评估").click()
    browser.find_element(By.ID, "sup-assessment-link").click()
    browser.find_element(By.CSS_SELECTOR, "#sup-tables a").click()
    browser.find_element(By.XPATH, "//table[@id='sup-standings']//a[text()='第一实验小学']").click()
    browser.execute_script("""document.querySelectorAll('#sup-rating-form select').forEach(s => { s.value = '2'; });""")
    submit(browser, browser.find_element(By.ID, "sup-rating-submit"))
    total = browser.find_element(By.ID, "sup-total").text
    assert any(ch.isdigit() for ch in total) and "—" not in total, total
    browser.find_element(By.CSS_SELECTOR, "p.crumbs a:nth-of-type(2)").click()
    row = browser.find_element(By.XPATH, "//table[@id='sup-standings']//tr[td/a[text()='第一实验小学']]")
    assert total.split("：")[-1].split()[0] in row.text, (total, row.text)
    screenshot(browser, "supervision-rated")
