import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { activeAccount, assertAccessible, staffLogIn, startBrowser, startPortal } from "./support.mjs";

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

async function api(path, { token, method = "GET", body } = {}) {
  return fetch(`${portal.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/** A traveler with a registered Colombian passport, made through the API. */
async function traveler(email, givenNames, documentNumber) {
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
      relationship: "holder", given_names: givenNames, surnames: "Pérez Gómez", birth_date: "1990-05-17",
      birth_country: "COL", sex: "female", nationality: "COL", document_type: "passport", classification: "ordinary",
      issuing_country: "COL", document_number: documentNumber, document_number_confirmation: documentNumber,
      issue_date: day(issued), issue_date_confirmation: day(issued), expiry_date: day(expires), expiry_date_confirmation: day(expires),
      captcha: { id: captcha.id, answer: "abcde" },
    },
  });
  assert.equal(document.status, 201);
  return { email, token, documentId: (await document.json()).id };
}

/** The local hour and date of `instant` in `zone`. */
function localParts(instant, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, hour: Number(parts.hour) };
}

/**
 * An office whose clock is far from midnight now, with two extra one-seat slots published
 * from a file (the operator's `portal offices publish-file`): one a few minutes ahead, so
 * that an appointment is today at the office whatever time the test runs, and one two days
 * on at the same hour, far enough to be cancelled.
 */
async function officeWithExtraSlots() {
  const { offices } = await (await api("/citas/offices?procedure=canje_residente_temporal")).json();
  const soon = new Date(Math.ceil((Date.now() + 4 * 60_000) / 60_000) * 60_000);
  const later = new Date(soon.getTime() + 2 * 86400_000);
  const office = offices.find((o) => {
    const { hour } = localParts(soon, o.time_zone);
    return hour >= 1 && hour <= 21;
  });
  assert.ok(office, "an office whose day goes on");
  const file = join(portal.dataDir, "extra-slots.json");
  writeFileSync(file, JSON.stringify({
    slots: [soon, later].map((at) => ({ office: office.code, starts_at: at.toISOString(), minutes: 30, seats: 1 })),
  }));
  assert.match(portal.command(["offices", "publish-file", file]), /2 seats published/);
  return { office, soon, later: localParts(later, office.time_zone) };
}

async function logIn(page, email, landing) {
  await page.goto(`${portal.baseUrl}/acceso`);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await page.getByText(landing).first().waitFor();
}

function readPdfQr(file) {
  const reader = join(process.env.CARGO_TARGET_DIR ?? "target", "debug", "examples", "read_pdf_qr");
  return execFileSync(reader, [file], { encoding: "utf8" }).trim();
}

test("a traveler applies, picks a time in the office's zone, holds and books it, downloads it, cancels; the waitlist gets the seat; the office checks today's appointment in", { timeout: 240_000 }, async () => {
  const ana = await traveler("ana.citas@example.com", "Ana María", "AC100001");
  const beto = await traveler("beto.citas@example.com", "Beto", "AC100002");
  const carla = await traveler("carla.citas@example.com", "Carla", "AC100003");
  const { office, soon, later: local } = await officeWithExtraSlots();

  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await logIn(page, ana.email, "Bienvenido(a)");

  // From the document's services to the application.
  await page.goto(`${portal.baseUrl}/documentos/${ana.documentId}/servicios`);
  await page.locator('[data-service="citas"]').getByRole("link", { name: /solicitar cita/i }).click();
  await page.getByRole("heading", { level: 1, name: /solicitar cita/i }).waitFor();
  // Nothing is sent while a rule is broken; the errors are named next to the fields.
  await page.getByRole("button", { name: /obtener número de pieza/i }).click();
  await page.locator("#procedure-error").getByText(/obligatorio|requerido/i).waitFor();
  await assertAccessible(page, "application with its errors");
  await page.selectOption("#procedure", "canje_residente_temporal");
  await page.getByText("Qué llevar a la cita:").waitFor();
  await page.selectOption("#migratory-status", "visitor");
  await page.fill("#address-street", "Av. Revolución");
  await page.fill("#address-exterior-number", "1234");
  await page.fill("#address-colonia", "Zona Centro");
  await page.fill("#address-municipality", "Tijuana");
  await page.selectOption("#address-state", "BCN");
  await page.fill("#address-postal-code", "22000");
  await page.fill("#phone", "6641234567");
  await page.getByRole("button", { name: /obtener número de pieza/i }).click();

  // State → office → the month → today's times, on the office's clock.
  await page.getByRole("heading", { level: 1, name: /elegir fecha y hora/i }).waitFor();
  const folio = (await page.locator(".lead strong").textContent()).trim();
  assert.match(folio, /^P\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await page.selectOption("#citas-state", office.state);
  await page.selectOption("#citas-office", office.code);
  await page.getByText(`${"Los horarios son la hora local de la oficina"}: ${office.time_zone}`).waitFor();
  const [y, m, d] = local.date.split("-");
  if (local.date.slice(0, 7) !== new Date().toISOString().slice(0, 7)) {
    await page.getByRole("button", { name: /mes siguiente/i }).click();
  }
  await page.getByRole("button", { name: new RegExp(`^${d}/${m}/${y}: \\d+ lugares libres`) }).click();
  await page.getByRole("heading", { name: `${d}/${m}/${y} · ${office.time_zone}` }).waitFor();
  await assertAccessible(page, "month calendar and the day's times");
  await page.getByRole("button", { name: new RegExp(`^${local.time} \\(UTC`) }).click();

  // Held for 5 minutes, with the countdown; confirmed.
  const hold = page.getByRole("region", { name: "Horario apartado" });
  await hold.getByText(/Apartado para usted por [45]:\d\d minutos más/).waitFor();
  await assertAccessible(page, "hold with its countdown");
  await hold.getByRole("button", { name: /confirmar la cita/i }).click();
  await page.getByText("Cita confirmada").first().waitFor();
  const [pdf] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /descargar comprobante \(pdf\)/i }).click(),
  ]);
  assert.equal(pdf.suggestedFilename(), `cita-${folio}.pdf`);
  const pdfPath = join(portal.dataDir, "ana.pdf");
  await pdf.saveAs(pdfPath);
  const anasQr = readPdfQr(pdfPath);
  assert.equal(anasQr.split(".").length, 3);
  const [ics] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /agregar al calendario/i }).click(),
  ]);
  const icsPath = join(portal.dataDir, "ana.ics");
  await ics.saveAs(icsPath);
  const calendar = readFileSync(icsPath, "utf8");
  assert.match(calendar, new RegExp(`DTSTART;TZID=${office.time_zone}:${local.date.replaceAll("-", "")}T${local.time.replace(":", "")}00`));

  // Beto waits for that day at that office.
  const beto_application = await (await api("/citas/applications", {
    token: beto.token, method: "POST", body: {
      document_id: beto.documentId, procedure: "canje_residente_temporal", migratory_status: "visitor",
      address: { street: "Calle 5", exterior_number: "10", colonia: "Centro", municipality: "Tijuana", state: "BCN", postal_code: "22000" },
      phone: "6647654321", email: beto.email,
    },
  })).json();
  const joined = await api("/citas/waitlist", {
    token: beto.token, method: "POST",
    body: { application_id: beto_application.id, office: office.code, from_date: local.date, until_date: local.date },
  });
  assert.equal(joined.status, 201);

  // Mis citas: Ana cancels, confirming first.
  await page.goto(`${portal.baseUrl}/citas/mis-citas`);
  const appointment = page.locator('li.appointment[data-status="booked"]');
  await appointment.getByText(office.time_zone, { exact: false }).waitFor();
  await assertAccessible(page, "Mis citas");
  await appointment.getByRole("button", { name: /cancelar la cita/i }).click();
  await page.getByRole("alertdialog").waitFor();
  await assertAccessible(page, "the cancellation's confirmation");
  await page.getByRole("alertdialog").getByRole("button", { name: /sí, cancelarla/i }).click();
  await page.getByText(/La cita se canceló y su lugar quedó libre/).waitFor();
  await page.locator('li.appointment[data-status="cancelled"]').waitFor();

  // The freed seat is held for Beto; he books it.
  const { waits } = await (await api("/citas/waitlist", { token: beto.token })).json();
  assert.equal(waits[0].status, "offered");
  assert.equal(waits[0].offer.local_start, `${local.date} ${local.time}`, "Ana's freed seat");
  const booked = await api("/citas/appointments", { token: beto.token, method: "POST", body: { hold_id: waits[0].offer.hold_id } });
  assert.equal(booked.status, 201);

  // Carla has today's time, a few minutes on; her confirmation is what she shows.
  const carlasApplication = await (await api("/citas/applications", {
    token: carla.token, method: "POST", body: {
      document_id: carla.documentId, procedure: "canje_residente_temporal", migratory_status: "visitor",
      address: { street: "Calle 7", exterior_number: "3", colonia: "Centro", municipality: "Tijuana", state: "BCN", postal_code: "22000" },
      phone: "6641112233", email: carla.email,
    },
  })).json();
  const carlasHold = await (await api("/citas/holds", {
    token: carla.token, method: "POST",
    body: { application_id: carlasApplication.id, office: office.code, starts_at: soon.toISOString() },
  })).json();
  const carlasBooking = await api("/citas/appointments", { token: carla.token, method: "POST", body: { hold_id: carlasHold.hold_id } });
  assert.equal(carlasBooking.status, 201);
  const carlasAppointment = await carlasBooking.json();
  const carlasPdf = join(portal.dataDir, "carla.pdf");
  const confirmation = await api(`/citas/appointments/${carlasAppointment.id}/confirmation`, { token: carla.token });
  writeFileSync(carlasPdf, Buffer.from(await confirmation.arrayBuffer()));
  const carlasQr = readPdfQr(carlasPdf);

  // The office's officer checks Carla in from the agenda by holding her QR to the camera;
  // Ana's cancelled QR, pasted, is refused.
  portal.command([
    "create-officer", "--email", "citas.agente@inm.example.mx", "--given-names", "Lucía", "--surnames", "Ramírez Soto",
    "--birth-date", "1985-04-02", "--sex", "female", "--phone", "5512345678", "--badge", "INM-0501", "--port", "CUN",
    "--password-stdin",
  ], `${OFFICER_PASSWORD}\n`);
  assert.match(portal.command(["offices", "assign", "citas.agente@inm.example.mx", office.code]), /keeps the agenda/);
  const video = join(portal.dataDir, "carla-qr.y4m");
  execFileSync(join(process.env.CARGO_TARGET_DIR ?? "target", "debug", "examples", "render_qr"), [video, carlasQr]);
  const cameraBrowser = await startBrowser({ fakeCamera: video });
  const officerContext = await cameraBrowser.newContext();
  const officer = await officerContext.newPage();
  officer.on("pageerror", (error) => errors.push(error.message));
  await staffLogIn(officer, portal.baseUrl, "citas.agente@inm.example.mx", OFFICER_PASSWORD, "Verificación de Pre-Registro");
  await officer.goto(`${portal.baseUrl}/oficial/citas`);
  await officer.getByRole("heading", { level: 1, name: "Agenda de la oficina" }).waitFor();
  const row = officer.locator(`tr[data-appointment="${carlasAppointment.id}"]`);
  await row.getByText("AC100003").waitFor();
  await assertAccessible(officer, "office agenda");
  await officer.fill("#check-in-qr", anasQr);
  await officer.getByRole("button", { name: /registrar llegada/i }).click();
  // Ana's appointment was cancelled (and is not today): her QR is refused.
  await officer.getByRole("alert").waitFor();
  await officer.fill("#check-in-qr", "");
  await officer.getByRole("button", { name: "ESCANEAR CON LA CÁMARA" }).click();
  await officer.getByText("Llegada registrada").waitFor({ timeout: 30_000 });
  await officer.locator(`tr[data-appointment="${carlasAppointment.id}"][data-status="attended"]`).waitFor();

  assert.deepEqual(errors, []);
  await context.close();
  await officerContext.close();
  await cameraBrowser.close();
});
