import os
import subprocess
import time
import urllib.request
from contextlib import contextmanager

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("E2E_BASE_URL", "http://127.0.0.1:8181")
PASSWORD = "demo1234"


@pytest.fixture
def browser():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=390,844"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def sign_in(driver, username, password=PASSWORD, base=BASE_URL):
    driver.get(base + "/sign-in")
    driver.find_element("id", "username").send_keys(username)
    driver.find_element("id", "password").send_keys(password)
    driver.find_element("id", "sign-in").click()
    # Wait for the answer (the home page, or the sign-in page with its error) before the test goes on.
    WebDriverWait(driver, 10).until(expected_conditions.any_of(
        expected_conditions.presence_of_element_located((By.ID, "welcome")),
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "p.error"))))


def screenshot(driver, name):
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        driver.save_screenshot(os.path.join(folder, name + ".png"))


def replaced(element):
    """A wait's condition: the element's page has gone. Chromium sometimes says so with "Node with given id does not
    belong to the document" (an unknown error) instead of a stale reference, mid-navigation."""
    def gone(_driver):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return gone


def sign_out(driver):
    driver.find_element(By.ID, "sign-out").click()
    WebDriverWait(driver, 10).until(expected_conditions.url_contains("/sign-in"))


def submit(driver, button):
    """Clicks a form's button and waits for the page it answers with: the pages before and after share their ids."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 10).until(replaced(page))


@contextmanager
def server_on(date):
    """The same demo database served by a second server whose clock reads `date` (YYYY-MM-DD, 10:00 in Beijing): for a
    walk that needs days to pass, such as a display period ending. Yields its base URL."""
    port = os.environ.get("E2E_LATER_PORT", "8182")
    process = subprocess.Popen([os.environ["E2E_JIANFU"], "serve", "--db", os.environ["E2E_DB"], "--port", port,
                                "--clock", date + "T10:00:00+08:00"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:" + port
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/sign-in", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
