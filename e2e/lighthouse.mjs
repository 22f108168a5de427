// Lighthouse (issue 6, part 8; issue 17): accessibility and performance of the login,
// wizard and history pages and of the Citas application, schedule and Mis citas pages in
// the Debian Chromium, logged in as a traveler with a passport, plus the
// size of each of the web app's wasm bundles compressed with brotli. Prints the figures and each audit
// that keeps a score below its target; exits non-zero when a target is missed.
//
//   make lighthouse   (builds the web app and the release server first;
//                      LIGHTHOUSE_RUNS (3) runs per page, the median reported;
//                      LIGHTHOUSE_REPORTS=<dir> keeps each page's reported JSON)
//
// Lighthouse itself is fetched on first use (`npm install --no-save`), not in CI's packages.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { chromium } from "playwright-core";
import { activeAccount, startPortal } from "./tests/support.mjs";

const LIGHTHOUSE_VERSION = "12.8.2";
const here = import.meta.dirname;
const repo = resolve(here, "..");
const targets = { accessibility: 100, performance: 95 };
const wasmTargetBytes = 250 * 1024;
const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 3);

if (!existsSync(join(here, "node_modules", "lighthouse"))) {
  console.log(`installing lighthouse ${LIGHTHOUSE_VERSION} (once)…`);
  execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", `lighthouse@${LIGHTHOUSE_VERSION}`], {
    cwd: here,
    stdio: "inherit",
  });
}
const { default: lighthouse } = await import("lighthouse");

// One wasm per bundle of the web app (crates/shared/src/web_apps.rs);
// a page downloads only its own bundle's.
const dist = join(repo, "frontend", "dist");
const bundles = readdirSync(dist).filter((f) => f.endsWith("_bg.wasm")).sort().map((file) => {
  const wasm = readFileSync(join(dist, file));
  const brotli = brotliCompressSync(wasm, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: wasm.length },
  }).length;
  return { name: file.replace(/-[0-9a-f]+_bg\.wasm$/, ""), bytes: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length, brotli };
});

// The Makefile's target directory unless told otherwise.
process.env.CARGO_TARGET_DIR ??= join(homedir(), ".cache", "portal-target");
process.env.PORTAL_BIN ??= join(process.env.CARGO_TARGET_DIR, "release", "portal");
const portal = await startPortal();
// A persistent context is the browser's default one: the tabs Lighthouse opens over the
// DevTools port share its storage, so the pages after the login run logged in.
const debuggingPort = await new Promise((done) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => done(port));
  });
});
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "portal-lighthouse-")), {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    `--remote-debugging-port=${debuggingPort}`,
  ],
});
const email = "lighthouse@example.com";
const password = "Viaje2026!";
let failed = false;
try {
  await activeAccount(portal, email, password);
  const api = async (path, options = {}) => {
    const response = await fetch(`${portal.baseUrl}${path}`, options);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { access_token: token } = await api("/api/v1/sessions", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const captcha = await api("/api/v1/captcha");
  const today = new Date();
  const iso = (d) => d.toISOString().slice(0, 10);
  const issued = iso(new Date(today.getFullYear() - 2, today.getMonth(), 1));
  const expires = iso(new Date(today.getFullYear() + 8, today.getMonth(), 1));
  const document = await api("/api/v1/documents", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      relationship: "holder", given_names: "María José", surnames: "Pérez Gómez",
      birth_date: "1990-05-17", birth_country: "COL", sex: "female", nationality: "COL",
      document_type: "passport", classification: "ordinary", issuing_country: "COL",
      document_number: "LH123456", document_number_confirmation: "LH123456",
      issue_date: issued, issue_date_confirmation: issued,
      expiry_date: expires, expiry_date_confirmation: expires,
      captcha: { id: captcha.id, answer: "abcde" },
    }),
  });

  // Citas: the offices' next weeks published, an application filed and one time booked,
  // so that the schedule shows a month with free days and Mis citas an appointment.
  portal.command(["offices", "publish", "30"]);
  const authorized = { "Content-Type": "application/json", Authorization: `Bearer ${token}` };
  const application = await api("/api/v1/citas/applications", {
    method: "POST",
    headers: authorized,
    body: JSON.stringify({
      document_id: document.id, procedure: "canje_residente_temporal", migratory_status: "visitor",
      address: { street: "Calle 5", exterior_number: "10", colonia: "Centro", municipality: "Tijuana", state: "BCN", postal_code: "22000" },
      phone: "6647654321", email,
    }),
  });
  const office = "bcn-tijuana";
  const month = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 7);
  const { days } = await api(`/api/v1/citas/offices/${office}/availability?month=${month}`);
  const day = days.find((d) => d.free_seats > 0 && d.date >= new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10));
  const { slots } = await api(`/api/v1/citas/offices/${office}/slots?date=${day.date}`);
  const hold = await api("/api/v1/citas/holds", {
    method: "POST",
    headers: authorized,
    body: JSON.stringify({ application_id: application.id, office, starts_at: slots.find((t) => t.free_seats > 0).starts_at }),
  });
  await api("/api/v1/citas/appointments", { method: "POST", headers: authorized, body: JSON.stringify({ hold_id: hold.hold_id }) });

  const page = await browser.newPage();

  const pages = [
    ["login (/acceso)", "/acceso", false],
    ["wizard (/documentos/…/pre-registro)", `/documentos/${document.id}/pre-registro`, true],
    ["history (/pre-registro/historial)", "/pre-registro/historial", true],
    ["Citas application (/documentos/…/citas)", `/documentos/${document.id}/citas`, true],
    ["Citas schedule (/citas/solicitudes/…/agendar)", `/citas/solicitudes/${application.id}/agendar`, true],
    ["Mis citas (/citas/mis-citas)", "/citas/mis-citas", true],
  ];
  console.log(`\nLighthouse ${LIGHTHOUSE_VERSION}, ${execFileSync(process.env.CHROMIUM ?? "/usr/bin/chromium", ["--version"], { encoding: "utf8" }).trim()}, mobile emulation, default throttling:`);
  for (const [label, path, needsLogin] of pages) {
    // Scores move from run to run: each page runs several times and the run with the
    // median performance score is the one reported (Lighthouse's own advice).
    const results = [];
    for (let run = 0; run < runs; run++) {
      if (needsLogin) {
        await page.goto(`${portal.baseUrl}/acceso`);
        await page.fill("#email", email);
        await page.fill("#password", password);
        await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
        await page.waitForURL((url) => !url.pathname.startsWith("/acceso"));
      }
      results.push(
        await lighthouse(`${portal.baseUrl}${path}`, {
          port: debuggingPort,
          output: "json",
          logLevel: "error",
          onlyCategories: Object.keys(targets),
          // The login page is measured cold (its origin's cache and storage cleared before
          // each run); the pages after it keep the session and the app in the cache.
          disableStorageReset: needsLogin,
        }),
      );
    }
    const performance = (r) => r.lhr.categories.performance.score;
    const runScores = results.map((r) => Math.round(performance(r) * 100));
    const result = [...results].sort((a, b) => performance(a) - performance(b))[Math.floor(runs / 2)];
    const { categories, audits } = result.lhr;
    if (process.env.LIGHTHOUSE_REPORTS) {
      mkdirSync(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
      writeFileSync(join(process.env.LIGHTHOUSE_REPORTS, `${path.split("/")[1] || "root"}-${path.split("/").at(-1)}.json`), result.report);
    }
    const scores = Object.keys(targets).map((c) => `${c} ${Math.round(categories[c].score * 100)}`);
    console.log(`  ${label}: ${scores.join(", ")}; LCP ${audits["largest-contentful-paint"].displayValue}, TBT ${audits["total-blocking-time"].displayValue} (median of ${runs} runs: performance ${runScores.join(", ")})`);
    const lcpElement = audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node;
    if (lcpElement) console.log(`      largest contentful paint: ${lcpElement.selector}`);
    for (const id of ["layout-shifts"]) {
      const audit = audits[id];
      if (audit && audit.score !== null && audit.score < 1) {
        for (const item of (audit.details?.items ?? []).slice(0, 4)) {
          const node = item.node ?? item.items?.[0]?.node;
          if (node) console.log(`      ${audit.title}: ${node.selector ?? ""}${item.score ? ` (shift ${item.score.toFixed(3)})` : ""}`);
        }
      }
    }
    for (const [category, target] of Object.entries(targets)) {
      if (Math.round(categories[category].score * 100) < target) {
        failed = true;
        for (const ref of categories[category].auditRefs) {
          const audit = audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) {
            console.log(`      ${category}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ""}`);
            for (const item of (audit.details?.items ?? []).slice(0, 4)) {
              const node = item.node ?? item.element ?? (item.items?.[0]?.node);
              if (node) console.log(`        ${node.selector ?? ""} ${String(node.snippet ?? "").slice(0, 140)}${item.score ? ` (shift ${item.score.toFixed(3)})` : ""}`);
            }
          }
        }
      }
    }
  }
  console.log(`  login form on an emulated slow 4G, cold: ${await loginFormTimes()}`);
} finally {
  await browser.close();
  await portal.stop();
}

// What the largest paint does not say: when the login form itself is on the screen (the
// app downloaded and started), not only index.html's static page. Real throttling in a
// fresh browser with Lighthouse's slow-4G figures as its DevTools mode applies them
// (562.5 ms request latency, 1.47 Mbps down, 4x slower CPU), median of `runs` cold loads.
async function loginFormTimes() {
  const cold = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const shell = [];
  const form = [];
  try {
    for (let run = 0; run < runs; run++) {
      const context = await cold.newContext({ serviceWorkers: "block", viewport: { width: 412, height: 823 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 562.5,
        downloadThroughput: (1638.4 * 1024 * 0.9) / 8,
        uploadThroughput: (675 * 1024 * 0.9) / 8,
      });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      const start = Date.now();
      await page.goto(`${portal.baseUrl}/acceso`, { waitUntil: "commit" });
      await page.getByText("Cargando el portal…").waitFor({ timeout: 60_000 });
      shell.push(Date.now() - start);
      await page.getByRole("heading", { level: 1, name: "Acceso" }).waitFor({ timeout: 60_000 });
      form.push(Date.now() - start);
      await context.close();
    }
  } finally {
    await cold.close();
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  return `static page after ${seconds(median(shell))}, the form after ${seconds(median(form))} (runs: ${form.map(seconds).join(", ")})`;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
for (const bundle of bundles) {
  console.log(`  ${bundle.name} bundle wasm: ${kb(bundle.bytes)}, gzip ${kb(bundle.gzip)}, brotli ${kb(bundle.brotli)} (target ≤ ${kb(wasmTargetBytes)} brotli)`);
  if (bundle.brotli > wasmTargetBytes) failed = true;
}
console.log(failed ? "some targets are missed" : "every target met");
process.exit(failed ? 1 : 0);
