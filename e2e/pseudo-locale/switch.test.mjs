// Run by scripts/test-pseudo-locale.sh against a web app built with a third language, the
// pseudo-locale `qps` that scripts/pseudo-locale.py adds as one file per catalog and one
// line in languages.json: the switch offers it after English and every text changes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startBrowser, startPortal } from "../tests/support.mjs";

const locales = process.env.PORTAL_E2E_LOCALES_DIR;
const catalog = (language, name) =>
  JSON.parse(readFileSync(join(locales, language, `${name}.json`), "utf8"));

let portal;
let browser;

before(async () => {
  assert.ok(process.env.PORTAL_E2E_STATIC_DIR && locales, "run through scripts/test-pseudo-locale.sh");
  portal = await startPortal();
  browser = await startBrowser();
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await portal?.stop();
  }
});

test("the app switches to a language added as one file per catalog, and back", { timeout: 60_000 }, async () => {
  const pseudoWeb = catalog("qps", "web");
  const pseudoName = catalog("qps", "labels").language_name;
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${portal.baseUrl}/acceso`);
  await page.getByRole("heading", { level: 1, name: catalog("es", "web").log_in_2 }).waitFor();

  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("button", { name: pseudoName }).click();
  await page.getByRole("heading", { level: 1, name: pseudoWeb.log_in_2 }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "qps");
  // The form's labels and its button come from the pseudo catalog too.
  await page.getByRole("button", { name: pseudoWeb.log_in }).waitFor();
  await page.getByLabel(pseudoWeb.email).waitFor();

  // Remembered on reload, and the switch goes round to the first language.
  await page.reload();
  await page.getByRole("heading", { level: 1, name: pseudoWeb.log_in_2 }).waitFor();
  await page.getByRole("button", { name: "Español" }).click();
  await page.getByRole("heading", { level: 1, name: catalog("es", "web").log_in_2 }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});
