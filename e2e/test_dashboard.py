"""The bureau's dashboard: the district's schools, drill down to a class-day's items, print on A4
without the navigation, and download a table as CSV that Excel opens in Chinese (UTF-8 with a BOM)."""
import base64

from selenium.webdriver.common.by import By

from conftest import BASE_URL, screenshot, sign_in


def test_bureau_drills_down_prints_and_downloads(browser):
    sign_in(browser, "bureau")
    browser.find_element(By.LINK_TEXT, "数据看板").click()
    browser.find_element(By.ID, "range-term").click()
    schools = browser.find_element(By.ID, "schools")
    assert "第一实验小学" in schools.text and "第一中学" in schools.text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    screenshot(browser, "dashboard-district")

    browser.find_element(By.LINK_TEXT, "第一实验小学").click()
    assert browser.find_elements(By.CSS_SELECTOR, "svg.heat")
    browser.find_element(By.LINK_TEXT, "4年级1班").click()
    day_links = browser.find_elements(By.CSS_SELECTOR, "#days tbody a")
    assert len(day_links) > 10
    day_links[-2].click()
    detail = browser.find_element(By.ID, "day-detail")
    assert "4年级1班" in detail.text and "分钟" in detail.text
    screenshot(browser, "dashboard-day")

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, "header").is_displayed()
    assert not browser.find_element(By.ID, "csv-download").is_displayed()
    assert browser.find_element(By.ID, "days").is_displayed()
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})["data"])
    assert pdf.startswith(b"%PDF")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    browser.get(BASE_URL + "/dashboard?range=term")
    href = browser.find_element(By.ID, "csv-download").get_attribute("href")
    first_bytes = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => done(Array.from(new Uint8Array(b).slice(0, 3))));", href)
    assert first_bytes == [0xEF, 0xBB, 0xBF]
    text = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text()).then(done);", href)
    assert "第一实验小学" in text
