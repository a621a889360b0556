"""Load a generated matrix page in headless Chromium (Selenium) and check it works.

Usage: matrix_page.py PAGE.html EXPECTED_ROWS FILTER EXPECTED_FILTERED SCREENSHOT.png
Prints one line per check; exits 1 on the first failure, 77 when no browser is available.
"""

import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    print("skip: selenium is not installed")
    sys.exit(77)


def main():
    page, rows, query, filtered, shot = sys.argv[1:6]
    rows, filtered = int(rows), int(filtered)
    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    except Exception as e:  # no browser or driver on this machine
        print(f"skip: no headless Chromium: {e}")
        sys.exit(77)
    try:
        driver.get("file://" + page)
        body = driver.find_elements(By.CSS_SELECTOR, "#matrix tbody tr")
        visible = [r for r in body if r.is_displayed()]
        check(len(body) == rows, f"{len(body)} rows in the table, expected {rows}")
        check(len(visible) == rows, f"{len(visible)} rows visible before filtering")
        box = driver.find_element(By.ID, "filter")
        box.send_keys(query)
        visible = [r for r in body if r.is_displayed()]
        check(len(visible) == filtered, f"{len(visible)} rows visible for {query!r}, expected {filtered}")
        check(all(query.lower() in r.text.lower() for r in visible), "every visible row matches")
        shown = driver.find_element(By.ID, "shown").text
        check(shown == str(filtered), f"the count says {shown}")
        # The header stays on top while the table scrolls.
        position = driver.execute_script(
            "return getComputedStyle(document.querySelector('#matrix thead th')).position")
        check(position == "sticky", f"header position {position}")
        driver.save_screenshot(shot)
        print(f"ok: screenshot {shot}")
    finally:
        driver.quit()


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        sys.exit(1)


main()
