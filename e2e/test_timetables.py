"""晒课表 on a phone-sized window: the school imports a class's week that lacks labour, sees the shortfall, fixes it on
the class page, and the public page without sign-in shows the week in use with its dated change."""
import os
import tempfile

from selenium.webdriver.common.by import By

from conftest import screenshot, sign_in, sign_out, submit

WEEKDAYS = ["周一", "周二", "周三", "周四", "周五"]
SLOTS = [("08:20", "09:00"), ("09:10", "09:50"), ("10:20", "11:00"), ("11:10", "11:50"), ("14:00", "14:40"), ("14:50", "15:30")]
COURSES = (["语文"] * 7 + ["数学"] * 5 + ["英语"] * 3 + ["道德与法治"] * 2 + ["科学"] * 2 + ["体育与健康"] * 3 + ["音乐"] * 2 + ["美术"] * 2
           + ["信息科技", "劳动", "综合实践活动", "地方课程"])


def week(courses):
    lines = [f"{d},09:50,10:20,,大课间," for d in WEEKDAYS]
    for index, course in enumerate(courses):
        start, end = SLOTS[index // 5]
        lines.append(f"{WEEKDAYS[index % 5]},{start},{end},{course},,")
    return lines


def test_a_week_imported_short_of_labour_is_fixed_and_the_public_page_shows_it(browser):
    short = list(COURSES)
    labour = short.index("劳动")
    short[labour] = "语文"
    path = os.path.join(tempfile.mkdtemp(), "课表.csv")
    with open(path, "w", encoding="utf-8-sig") as f:
        f.write("\n".join(["班级,星期,开始,结束,科目,活动,教师"] + ["4年级2班," + line for line in week(short)]))

    sign_in(browser, "principal")
    browser.find_element(By.LINK_TEXT, "课表").click()
    browser.find_element(By.NAME, "file").send_keys(path)
    submit(browser, browser.find_element(By.ID, "tt-import"))
    assert "其中 1 个班级不符合课程方案" in browser.find_element(By.ID, "tt-notice").text

    browser.find_element(By.LINK_TEXT, "4年级2班").click()
    check = browser.find_element(By.ID, "tt-check").text
    assert "CP-06 劳动每周 0 课时" in check
    screenshot(browser, "timetable-short")

    # The class page's text is the week in use: the lesson that should be labour is changed back.
    day, (start, _) = WEEKDAYS[labour % 5], SLOTS[labour // 5]
    area = browser.find_element(By.NAME, "periods")
    text = "\n".join(line.replace(",语文,", ",劳动,") if line.startswith(f"{day},{start},") else line for line in area.get_attribute("value").split("\n"))
    browser.execute_script("arguments[0].value = arguments[1];", area, text)
    browser.find_element(By.NAME, "note").send_keys("补足劳动课")
    submit(browser, browser.find_element(By.ID, "tt-publish"))
    assert "课表已公布" in browser.find_element(By.ID, "tt-notice").text
    assert browser.find_elements(By.ID, "tt-meets"), "the fixed week meets the plan"
    public = browser.find_element(By.ID, "tt-public").get_attribute("href")
    sign_out(browser)

    browser.get(public)
    assert "4年级2班" in browser.find_element(By.TAG_NAME, "h1").text
    history = browser.find_element(By.ID, "tt-public-history").text
    assert f"{day} {start}：语文" in history and "→ 劳动" in history
    screenshot(browser, "timetable-public")
