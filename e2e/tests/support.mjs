// Starts the real portal binary on a free port with a fresh data folder, and a real
// headless Chromium to drive the web app.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const repo = resolve(import.meta.dirname, "..", "..");

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

export async function startPortal() {
  const binary = process.env.PORTAL_BIN
    ?? join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug", "portal");
  const dataDir = mkdtempSync(join(tmpdir(), "portal-e2e-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
      ...process.env,
      PORTAL_CONFIG: "/dev/null",
      PORTAL_BIND_ADDRESS: `127.0.0.1:${port}`,
      PORTAL_PUBLIC_URL: baseUrl,
      PORTAL_DATA_DIR: dataDir,
      PORTAL_DATABASE_URL: process.env.PORTAL_E2E_DATABASE_URL ?? "",
      PORTAL_STATIC_DIR: process.env.PORTAL_E2E_STATIC_DIR ?? join(repo, "frontend", "dist"),
      // The browser cannot read the image; the server still requires a fresh, unused challenge.
      PORTAL_CAPTCHA_DISABLED: "true",
      PORTAL_EMAIL_POLL_SECONDS: "1",
  };
  const child = spawn(binary, ["serve"], { cwd: repo, env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk) => { log += chunk; });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the portal did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    dataDir,
    log: () => log,
    /** Runs an operator command (`portal ARGS…`) on this portal's data, `input` on stdin. */
    command(args, input = "") {
      return execFileSync(binary, args, { cwd: repo, env, input, encoding: "utf8" });
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `fakeCamera`: a .y4m video file the browser shows as its camera, with the permission
 * prompt answered yes; without it the browser has no camera permission.
 */
export async function startBrowser({ fakeCamera } = {}) {
  const camera = fakeCamera
    ? [
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${fakeCamera}`,
    ]
    : [];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...camera,
    ],
  });
  return reportingPolicyViolations(browser);
}

/**
 * Every page of `browser` reports what its Content-Security-Policy blocked (the
 * `securitypolicyviolation` event, and Chromium's console message); closing the browser
 * fails when anything was blocked, so the whole suite runs with the policy enforced.
 */
function reportingPolicyViolations(browser) {
  const violations = [];
  const watch = async (page) => {
    page.on("console", (message) => {
      const text = message.text();
      if (message.type() === "error" && /Content Security Policy|CSP violation/.test(text)) {
        violations.push(`${page.url()}: ${text}`);
      }
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
      });
    });
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...options) => {
    const context = await newContext(...options);
    context.on("page", (page) => { watch(page); });
    const newPageInContext = context.newPage.bind(context);
    context.newPage = async () => {
      const page = await newPageInContext();
      await watch(page);
      return page;
    };
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...options) => {
    const page = await newPage(...options);
    await watch(page);
    return page;
  };
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    if (violations.length > 0) {
      throw new Error(`the Content-Security-Policy blocked ${violations.length} thing(s):\n${[...new Set(violations)].join("\n")}`);
    }
  };
  browser.policyViolations = violations;
  return browser;
}

function decodeQuotedPrintable(text) {
  return text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** Waits for an .eml in the outbox whose decoded text matches `pattern`; returns the match. */
export async function waitForEmail(dataDir, pattern, timeoutMs = 15_000) {
  const folder = join(dataDir, "outbox");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let files = [];
    try { files = readdirSync(folder).filter((f) => f.endsWith(".eml")); } catch { /* not yet */ }
    for (const file of files) {
      const text = decodeQuotedPrintable(readFileSync(join(folder, file), "utf8"));
      const match = text.match(pattern);
      if (match) return match;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no email matching ${pattern} in ${folder}`);
}

/** A small valid one-page PDF with `text` in a comment: uploads are parsed, not only sniffed. */
export function samplePdf(text) {
  let out = `%PDF-1.4\n% ${text}\n`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
  ];
  const offsets = [];
  for (const [index, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** Creates and activates a traveler's account through the API, as the web app would. */
export async function activeAccount(portal, email, password) {
  const captcha = await (await fetch(`${portal.baseUrl}/api/v1/captcha`)).json();
  const response = await fetch(`${portal.baseUrl}/api/v1/accounts`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      given_names: "María José", surnames: "Pérez Gómez", birth_date: "1990-05-17",
      nationality: "COL", sex: "female", phone_country_code: "+57", phone: "3001234567",
      email, email_confirmation: email, password, password_confirmation: password,
      captcha: { id: captcha.id, answer: "abcde" },
    }),
  });
  assert.equal(response.status, 202);
  const [, token] = await waitForEmail(portal.dataDir, new RegExp(`To: ${email}[\\s\\S]*?activar#token=([A-Za-z0-9_-]+)`));
  const activated = await fetch(`${portal.baseUrl}/api/v1/accounts/activate`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
  assert.equal(activated.status, 200);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base-32 secret at time step `step`. */
export function totpCode(base32Secret, step = Math.floor(Date.now() / 30_000)) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of base32Secret.replace(/=+$/, "").toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/**
 * Logs a staff member in through the login page: password, then — at the first login —
 * the authenticator set-up (the key read off the page, as a person types it into the app)
 * and the recovery codes, shown once. Returns the authenticator's base-32 secret.
 */
export async function staffLogIn(page, baseUrl, email, password, landing, secret) {
  await page.goto(`${baseUrl}/acceso`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await page.getByRole("heading", { name: "Verificación en dos pasos" }).waitFor();
  const enrolling = !secret;
  if (enrolling) {
    assert.ok(await page.locator("img.enrollment-qr").isVisible(), "the QR to scan");
    secret = (await page.locator("#authenticator-key").textContent()).trim();
  }
  // A code is good once: a second login within the same 30 s sends the next step's.
  const step = Math.floor(Date.now() / 30_000) + (enrolling ? 0 : 1);
  await page.fill("#code", totpCode(secret, step));
  await page.getByRole("button", { name: /^verificar$/i }).click();
  if (enrolling) {
    await page.getByRole("heading", { name: "Guarde sus códigos de recuperación" }).waitFor();
    const codes = await page.locator("#recovery-codes li").allTextContents();
    assert.equal(codes.length, 10, codes.join(" "));
    codes.forEach((code) => assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/));
    await page.getByRole("button", { name: /ya los guardé, continuar/i }).click();
  }
  await page.getByText(landing).first().waitFor();
  return secret;
}

/** axe-core's script, run in pages by `assertAccessible`. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Checks the page as it is now (whatever the test has opened: a calendar, a dialog) with
 * axe-core's WCAG 2.1 A and AA rules, and fails listing each violation and where.
 */
export async function assertAccessible(page, label) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 1)}`);
}
