import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { activeAccount, samplePdf, staffLogIn, startBrowser, startPortal, totpCode } from "./support.mjs";

let portal;
let browser;

before(async () => {
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

const PASSWORD = "Viaje2026!";
const OFFICER_PASSWORD = "Agente#2026";

/** Today's date in Mexico City (UTC−6), as the portal counts arrivals. */
function mexicoToday(plusDays = 0) {
  return new Date(Date.now() - 6 * 3600_000 + plusDays * 86400_000).toISOString().slice(0, 10);
}

async function api(path, { token, method = "GET", body, headers = {} } = {}) {
  const response = await fetch(`${portal.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body && !(body instanceof FormData) ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  return response;
}

/** A traveler with an approved pre-registration arriving today, made through the API. */
async function approvedPreregistration(email) {
  await activeAccount(portal, email, PASSWORD);
  const login = await (await api("/sessions", { method: "POST", body: { email, password: PASSWORD } })).json();
  const token = login.access_token;
  const captcha = await (await api("/captcha")).json();
  const issued = new Date();
  issued.setFullYear(issued.getFullYear() - 2);
  const expires = new Date(issued);
  expires.setFullYear(expires.getFullYear() + 10);
  const day = (d) => d.toISOString().slice(0, 10);
  const document = await api("/documents", {
    token, method: "POST", body: {
      relationship: "holder", given_names: "María José", surnames: "Pérez Gómez", birth_date: "1990-05-17",
      birth_country: "COL", sex: "female", nationality: "COL", document_type: "passport", classification: "ordinary",
      issuing_country: "COL", document_number: "AB123456", document_number_confirmation: "AB123456",
      issue_date: day(issued), issue_date_confirmation: day(issued), expiry_date: day(expires), expiry_date_confirmation: day(expires),
      captcha: { id: captcha.id, answer: "abcde" },
    },
  });
  assert.equal(document.status, 201);
  const documentId = (await document.json()).id;
  const draft = await api("/preregistrations", { token, method: "POST", body: { document_id: documentId, variant: "none" } });
  assert.equal(draft.status, 201);
  const id = (await draft.json()).id;
  const steps = [
    ["trip", {
      entry_mode: "air", entry_point: "CUN", carrier: "AV", flight_number: "AV 86", arrival_date: mexicoToday(),
      trip_reason: "tourism", trip_specification: "vacation", destination_state: "ROO",
      address_in_mexico: "Hotel Caribe, Blvd. Kukulcán km 9, Cancún", departure_date: mexicoToday(10),
    }],
    ["additional", {
      origin_contact_name: "Luis Pérez", origin_contact_phone_country_code: "+57", origin_contact_phone: "3001234567",
      mexico_contact_name: "Hotel Caribe", mexico_contact_phone: "9981234567", exit_type: "visitor",
    }],
  ];
  for (const [step, body] of steps) {
    assert.equal((await api(`/preregistrations/${id}/${step}`, { token, method: "PUT", body })).status, 200, step);
  }
  // The seed's control questions: none of the grounds for refusal, a return ticket and means.
  const answers = { deported: false, refused_entry: false, overstayed: false, convicted: false,
    pending_proceedings: false, return_ticket: true, sufficient_means: true };
  const control = await api(`/preregistrations/${id}/control`, { token, method: "PUT", body: { answers } });
  assert.equal(control.status, 200, await control.clone().text());
  for (const kind of ["return_ticket", "lodging"]) {
    const form = new FormData();
    form.append("file", new Blob([samplePdf(kind)], { type: "application/pdf" }), `${kind}.pdf`);
    assert.equal((await api(`/preregistrations/${id}/attachments/${kind}`, { token, method: "PUT", body: form })).status, 200, kind);
  }
  const submitted = await api(`/preregistrations/${id}/submission`, {
    token, method: "POST", body: { accept_terms: true }, headers: { "Idempotency-Key": "e2e-officer" },
  });
  assert.equal(submitted.status, 201);
  assert.equal((await submitted.json()).status, "approved");
  return { email, id };
}

async function logIn(page, email, password, landing) {
  await page.goto(`${portal.baseUrl}/acceso`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await page.getByText(landing).first().waitFor();
}

test("an officer verifies a traveler's QR, also offline, admits them, and the traveler downloads the stamped FMM", { timeout: 180_000 }, async () => {
  const traveler = await approvedPreregistration("viajera@example.com");
  const created = portal.command([
    "create-officer", "--email", "agente@inm.example.mx", "--given-names", "Lucía", "--surnames", "Ramírez Soto",
    "--birth-date", "1985-04-02", "--sex", "female", "--phone", "5512345678", "--badge", "INM-0042", "--port", "CUN",
    "--password-stdin",
  ], `${OFFICER_PASSWORD}\n`);
  assert.match(created, /officer account/);

  // The traveler copies the QR text from the history.
  const travelerContext = await browser.newContext({ acceptDownloads: true });
  const travelerPage = await travelerContext.newPage();
  await logIn(travelerPage, traveler.email, PASSWORD, "Bienvenido(a)");
  await travelerPage.goto(`${portal.baseUrl}/pre-registro/historial`);
  await travelerPage.getByRole("button", { name: "CÓDIGO QR" }).click();
  const qr = await travelerPage.locator(".qr-code-text").inputValue();
  assert.equal(qr.split(".").length, 3, qr);

  // The officer lands on the console, which keeps the keys for offline use.
  const officerContext = await browser.newContext();
  const officer = await officerContext.newPage();
  const errors = [];
  officer.on("pageerror", (error) => errors.push(error.message));
  // The password alone is not enough: a wrong code keeps the officer out.
  await officer.goto(`${portal.baseUrl}/acceso`);
  await officer.fill("#email", "agente@inm.example.mx");
  await officer.fill("#password", OFFICER_PASSWORD);
  await officer.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await officer.getByRole("heading", { name: "Verificación en dos pasos" }).waitFor();
  const key = (await officer.locator("#authenticator-key").textContent()).trim();
  const wrong = totpCode(key, Math.floor(Date.now() / 30_000) - 5);
  await officer.fill("#code", wrong);
  await officer.getByRole("button", { name: /^verificar$/i }).click();
  await officer.getByText("El código no es válido o ya se usó").first().waitFor();
  await officer.getByRole("button", { name: /volver a escribir la contraseña/i }).click();
  await staffLogIn(officer, portal.baseUrl, "agente@inm.example.mx", OFFICER_PASSWORD, "Verificación de Pre-Registro");
  await officer.getByText("Llaves y revocaciones actualizadas: 1 llave(s)").waitFor();

  // Offline: a tampered code is refused and the genuine one verifies, with no network.
  await officerContext.setOffline(true);
  const [header, payload, signature] = qr.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  claims.e = mexicoToday(90);
  const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
  await officer.fill("#qr-text", tampered);
  await officer.getByRole("button", { name: "VERIFICAR", exact: true }).click();
  await officer.getByText("FIRMA NO VÁLIDA: el código está incompleto, dañado o fue alterado").waitFor();
  await officer.fill("#qr-text", qr);
  await officer.getByRole("button", { name: "VERIFICAR", exact: true }).click();
  await officer.getByText("VÁLIDO: firma verificada, vigente para hoy").waitFor();
  await officer.getByText("María José Pérez Gómez").waitFor();
  await officer.getByText("Sin conexión: la verificación anterior se hizo con la copia local").waitFor();

  // Online again: the whole pre-registration, an attachment inline, the admission.
  await officerContext.setOffline(false);
  await officer.getByRole("button", { name: "VERIFICAR", exact: true }).click();
  await officer.getByText("PENDIENTE DE REVISIÓN").waitFor();
  await officer.getByRole("button", { name: "VER", exact: true }).first().click();
  await officer.locator("iframe.attachment-view").waitFor();
  assert.equal(await officer.inputValue("#authorized-days"), "10", "the declared stay is the default");
  await officer.fill("#authorized-days", "200");
  await officer.getByRole("button", { name: "REGISTRAR DECISIÓN", exact: true }).click();
  await officer.getByText("La estancia autorizada debe ser de 1 a 180 días.").waitFor();
  await officer.fill("#authorized-days", "8");
  await officer.getByRole("button", { name: "REGISTRAR DECISIÓN", exact: true }).click();
  await officer.getByRole("dialog").getByRole("button", { name: "REGISTRAR", exact: true }).click();
  await officer.getByText("Internación registrada: 8 días autorizados, CUN · agente INM-0042.").waitFor();
  await officer.getByText("INTERNADO").waitFor();

  // The traveler's history says "Internado" and offers the stamped FMM.
  await travelerPage.reload();
  const row = travelerPage.locator("tr", { hasText: "Internado" });
  await row.waitFor();
  const download = travelerPage.waitForEvent("download");
  await row.getByRole("button", { name: "FMM", exact: true }).click();
  const file = await (await download).path();
  assert.ok(readFileSync(file).subarray(0, 5).equals(Buffer.from("%PDF-")));

  // With no network at all, the console still opens (kept by the service worker, the
  // officer's account kept on the device) and checks a QR with the kept keys.
  await officer.evaluate(async () => {
    // Kept once the console asked the worker for it (after its files).
    while (!(await caches.match("/oficial"))) await new Promise((done) => setTimeout(done, 100));
  });
  await officerContext.setOffline(true);
  await officer.reload();
  await officer.getByText("Sin conexión: se usa la copia local (1 llave(s)").waitFor();
  assert.ok(await officer.evaluate(() => navigator.serviceWorker.controller !== null), "served by the service worker");
  await officer.fill("#qr-text", qr);
  await officer.getByRole("button", { name: "VERIFICAR", exact: true }).click();
  await officer.getByText("VÁLIDO: firma verificada, vigente para hoy").waitFor();
  // A page this device never kept says it is offline and leads back to the console.
  await officer.goto(`${portal.baseUrl}/ayuda`);
  await officer.getByRole("heading", { name: "Sin conexión" }).waitFor();
  await officer.getByRole("link", { name: "Volver a la consola de verificación" }).click();
  await officer.getByText("Sin conexión: se usa la copia local (1 llave(s)").waitFor();
  await officerContext.setOffline(false);
  assert.deepEqual(errors, []);
  await travelerContext.close();
  await officerContext.close();
});

test("an officer scans the receipt's QR with the camera", { timeout: 120_000 }, async () => {
  const traveler = await approvedPreregistration("camara@example.com");
  portal.command([
    "create-officer", "--email", "camara.agente@inm.example.mx", "--given-names", "Raúl", "--surnames", "Soto",
    "--birth-date", "1980-01-02", "--sex", "male", "--phone", "5512345679", "--badge", "INM-0043", "--port", "CUN",
    "--password-stdin",
  ], `${OFFICER_PASSWORD}\n`);
  const login = await (await api("/sessions", { method: "POST", body: { email: traveler.email, password: PASSWORD } })).json();
  const { token: qr } = await (await api(`/preregistrations/${traveler.id}/receipt`, { token: login.access_token })).json();
  const video = join(portal.dataDir, "qr.y4m");
  execFileSync(join(process.env.CARGO_TARGET_DIR ?? "target", "debug", "examples", "render_qr"), [video, qr]);
  const cameraBrowser = await startBrowser({ fakeCamera: video });
  try {
    const page = await cameraBrowser.newPage();
    await staffLogIn(page, portal.baseUrl, "camara.agente@inm.example.mx", OFFICER_PASSWORD, "Verificación de Pre-Registro");
    await page.getByRole("button", { name: "ESCANEAR CON LA CÁMARA" }).click();
    await page.getByText("VÁLIDO: firma verificada, vigente para hoy").waitFor({ timeout: 30_000 });
    assert.equal(await page.inputValue("#qr-text"), qr);
    await page.getByText("PENDIENTE DE REVISIÓN").waitFor();
  } finally {
    await cameraBrowser.close();
  }
});

test("the console keeps only snapshots signed by the root its page pins, only newer ones, and resyncs on its own", { timeout: 120_000 }, async () => {
  const traveler = await approvedPreregistration("ancla@example.com");
  portal.command([
    "create-officer", "--email", "ancla.agente@inm.example.mx", "--given-names", "Inés", "--surnames", "Mora",
    "--birth-date", "1982-03-04", "--sex", "female", "--phone", "5512345680", "--badge", "INM-0044", "--port", "CUN",
    "--password-stdin",
  ], `${OFFICER_PASSWORD}\n`);
  const login = await (await api("/sessions", { method: "POST", body: { email: traveler.email, password: PASSWORD } })).json();
  const { token: qr } = await (await api(`/preregistrations/${traveler.id}/receipt`, { token: login.access_token })).json();
  const context = await browser.newContext();
  const page = await context.newPage();
  await staffLogIn(page, portal.baseUrl, "ancla.agente@inm.example.mx", OFFICER_PASSWORD, "Verificación de Pre-Registro");
  await page.getByText("Llaves y revocaciones actualizadas: 1 llave(s)").waitFor();
  const kept = () => page.evaluate(() => localStorage.getItem("portal.officer.snapshot"));
  const first = await kept();
  assert.equal(first.split(".").length, 3, "a signed snapshot is kept");
  assert.ok(await page.locator('meta[name="portal-trust-root"]').count(), "the page pins the root");

  // A script on the device adds its own key to the kept copy and signs a QR with it.
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x;
  const kid = Buffer.from(x, "base64url").subarray(0, 8).toString("base64url");
  const [, claims] = qr.split(".");
  const header = Buffer.from(JSON.stringify({ alg: "EdDSA", kid, typ: "prereg+jwt" })).toString("base64url");
  const forgedQr = `${header}.${claims}.${sign(null, Buffer.from(`${header}.${claims}`), privateKey).toString("base64url")}`;
  const [snapshotHeader, snapshotPayload, snapshotSignature] = first.split(".");
  const snapshot = JSON.parse(Buffer.from(snapshotPayload, "base64url").toString());
  snapshot.keys.push({ ...snapshot.keys[0], kid, x });
  const altered = `${snapshotHeader}.${Buffer.from(JSON.stringify(snapshot)).toString("base64url")}.${snapshotSignature}`;
  await context.setOffline(true);
  await page.evaluate((value) => localStorage.setItem("portal.officer.snapshot", value), altered);
  await page.reload();
  await page.getByText("La copia local de llaves y revocaciones fue alterada en este dispositivo").waitFor();
  await page.getByText("Sin conexión y sin copia local de las llaves").waitFor();
  assert.equal(await kept(), null, "the altered copy is removed");
  await page.fill("#qr-text", forgedQr);
  await page.getByRole("button", { name: "VERIFICAR", exact: true }).click();
  await page.getByText("FIRMA NO VÁLIDA").first().waitFor();
  assert.equal(await page.getByText("VÁLIDO: firma verificada").count(), 0, "the forged QR is not valid");

  // Online again it takes a fresh signed copy: the genuine QR verifies, the forged does not.
  await context.setOffline(false);
  await page.reload();
  await page.getByText("Llaves y revocaciones actualizadas: 1 llave(s)").waitFor();
  const second = await kept();
  assert.notEqual(second, first);
  await page.fill("#qr-text", qr);
  await page.getByRole("button", { name: "VERIFICAR", exact: true }).click();
  await page.getByText("VÁLIDO: firma verificada, vigente para hoy").waitFor();

  // An older snapshot (replayed by whatever stands between device and server) is refused.
  await page.route("**/api/v1/verification-snapshot", (route) => route.fulfill({ json: { snapshot: first } }));
  await page.reload();
  await page.getByText("Se recibió una copia de llaves y revocaciones más antigua que la de este dispositivo").waitFor();
  assert.equal(await kept(), second, "the newer copy stays");
  // So is one whose signature is not the pinned root's.
  await page.unroute("**/api/v1/verification-snapshot");
  await page.route("**/api/v1/verification-snapshot", (route) => route.fulfill({ json: { snapshot: altered } }));
  await page.reload();
  await page.getByText("no está firmada por la raíz de confianza del portal y se rechazó").waitFor();
  assert.equal(await kept(), second);
  await page.unroute("**/api/v1/verification-snapshot");

  // Left open, the console takes a whole new snapshot every five minutes.
  await page.clock.install();
  await page.reload();
  await page.getByText("Llaves y revocaciones actualizadas: 1 llave(s)").waitFor();
  const third = await kept();
  const resync = page.waitForResponse("**/api/v1/verification-snapshot");
  await page.clock.fastForward("05:01");
  assert.equal((await resync).status(), 200);
  await page.waitForFunction((before) => localStorage.getItem("portal.officer.snapshot") !== before, third);
  await context.close();
});
