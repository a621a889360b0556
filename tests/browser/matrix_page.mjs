// Load a generated matrix page in headless Chromium (puppeteer-core and the browser that
// @sparticuz/chromium ships, both installed by scripts/consumers/setup.sh) and check that
// it works.
//
// Usage: node matrix_page.mjs PAGE.html EXPECTED_ROWS FILTER EXPECTED_FILTERED SCREENSHOT.png
// The modules are resolved from the folder in SFLINT_BROWSER_MODULES
// (target/consumers/browser/node_modules). Prints one line per check; exits 1 on the first
// failure.

import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.SFLINT_BROWSER_MODULES;
const require = createRequire(path.join(modules, "resolve.js"));
const load = async (name) => (await import(pathToFileURL(require.resolve(name)).href)).default;
const chromium = await load("@sparticuz/chromium");
const puppeteer = await load("puppeteer-core");

const [page, rowsText, query, filteredText, shot] = process.argv.slice(2);
const rows = Number(rowsText);
const filtered = Number(filteredText);

function check(ok, what) {
  console.log((ok ? "ok: " : "FAIL: ") + what);
  if (!ok) {
    process.exitCode = 1;
    throw new Error(what);
  }
}

const browser = await puppeteer.launch({
  args: chromium.args,
  executablePath: await chromium.executablePath(),
  headless: true,
  defaultViewport: { width: 1400, height: 900 },
});
try {
  const tab = await browser.newPage();
  await tab.goto(pathToFileURL(page).href);
  const visibleRows = () =>
    tab.$$eval("#matrix tbody tr", (trs) =>
      trs.filter((r) => r.offsetParent !== null).map((r) => r.innerText),
    );
  const all = await tab.$$eval("#matrix tbody tr", (trs) => trs.length);
  check(all === rows, `${all} rows in the table, expected ${rows}`);
  let visible = await visibleRows();
  check(visible.length === rows, `${visible.length} rows visible before filtering`);
  await tab.type("#filter", query);
  visible = await visibleRows();
  check(visible.length === filtered, `${visible.length} rows visible for '${query}', expected ${filtered}`);
  check(
    visible.every((t) => t.toLowerCase().includes(query.toLowerCase())),
    "every visible row matches",
  );
  const shown = await tab.$eval("#shown", (e) => e.textContent);
  check(shown === String(filtered), `the count says ${shown}`);
  // The header stays on top while the table scrolls.
  const position = await tab.$eval("#matrix thead th", (th) => getComputedStyle(th).position);
  check(position === "sticky", `header position ${position}`);
  await tab.screenshot({ path: shot, fullPage: true });
  console.log(`ok: screenshot ${shot}`);
} catch (e) {
  if (!process.exitCode) {
    console.log("FAIL: " + e.message);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
