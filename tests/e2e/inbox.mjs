// Helpers for the approval inbox's page tests: the app served with the built package, a page that
// records console errors, and the "start a run" form.

import { mkdirSync } from "node:fs";
import { serveStatic } from "../support/browser.mjs";

/** Where the tests save screenshots (for a person to look at; never compared). */
export const SHOTS = new URL("../../target/screenshots/", import.meta.url).pathname;

/** The app (www/) with the package (pkg/) beside it, on a free port. */
export function serveApp() {
  mkdirSync(SHOTS, { recursive: true });
  return serveStatic({ "/pkg/": "pkg", "/": "www" });
}

/**
 * Opens the app at `url` in a new page of `context` once it has drawn itself; console errors and
 * uncaught exceptions go to `errors` (every test ends by asserting it is empty).
 */
export async function openTab(context, url, errors, viewport = { width: 1200, height: 900 }) {
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize(viewport);
  await page.goto(url);
  await page.locator("body[data-ready]").waitFor();
  return page;
}

/** Fills the "start a run" form (fields by label) and starts the run. */
export async function startRun(page, workflow, fields = {}) {
  await page.getByLabel("Workflow").selectOption({ label: workflow });
  for (const [label, value] of Object.entries(fields)) {
    const field = page.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption(value);
    else await field.fill(value);
  }
  await page.getByRole("button", { name: "Start run" }).click();
}

export const text = (locator) => locator.innerText();
