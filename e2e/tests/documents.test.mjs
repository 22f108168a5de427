import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { activeAccount as createAccount, samplePdf, startBrowser, startPortal } from "./support.mjs";

let portal;
let browser;
const activeAccount = (email, password) => createAccount(portal, email, password);

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

/** Logs in through the Acceso page and waits for `landing` text. */
async function logIn(page, email, landing) {
  await page.goto(`${portal.baseUrl}/acceso`);
  await page.fill("#email", email);
  await page.fill("#password", "Viaje2026!");
  await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await page.getByText(landing).waitFor();
}

/** Writes a generated passport photo (.jpg) or fake-camera video frame (.y4m). */
function renderPassport(out, line1, line2, degrees) {
  const renderer = join(process.env.CARGO_TARGET_DIR ?? "target", "debug", "examples", "render_passport");
  execFileSync(renderer, [out, line1, line2, degrees]);
}

function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

test("a traveler registers a passport by hand, sees it VIGENTE and opens its services", { timeout: 120_000 }, async () => {
  const email = "documentos@example.com";
  await activeAccount(email, "Viaje2026!");
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));

  await logIn(page, email, "Registre un documento de viaje para iniciar servicios.");
  await page.getByRole("link", { name: "REGISTRAR DOCUMENTO" }).click();
  await page.getByRole("heading", { level: 1, name: "Registro de documento de viaje" }).waitFor();

  const issued = new Date();
  issued.setFullYear(issued.getFullYear() - 2);
  const expires = new Date(issued);
  expires.setFullYear(expires.getFullYear() + 10);
  await page.selectOption("#relationship", "holder");
  await page.fill("#given-names", "María José");
  await page.fill("#surnames", "Pérez Gómez");
  await page.fill("#birth-date", "1990-05-17");
  await page.selectOption("#birth-country", "COL");
  await page.selectOption("#sex", "female");
  await page.selectOption("#nationality", "COL");
  await page.selectOption("#classification", "ordinary");
  await page.selectOption("#issuing-country", "COL");
  await page.fill("#document-number", "AB123456");
  await page.fill("#document-number-confirmation", "AB123457");
  await page.fill("#issue-date", isoDate(issued));
  await page.fill("#issue-date-confirmation", isoDate(issued));
  await page.fill("#expiry-date", isoDate(expires));
  await page.fill("#expiry-date-confirmation", isoDate(expires));
  await page.locator(".captcha-image img").waitFor();
  await page.fill("#captcha-answer", "abcde");

  // A mismatched confirmation is caught before anything is sent.
  await page.getByRole("button", { name: "REGISTRAR", exact: true }).click();
  await page.getByRole("alert").filter({ hasText: "La confirmación no coincide." }).waitFor();
  await page.fill("#document-number-confirmation", "AB123456");
  await page.getByRole("button", { name: "REGISTRAR", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "SÍ, REGISTRAR" }).click();
  await page.getByText("El documento quedó registrado.").waitFor();

  await page.getByRole("link", { name: "Ver mis documentos" }).click();
  const row = page.locator("tbody tr").first();
  await row.getByText("AB123456").waitFor();
  await row.getByText("VIGENTE").waitFor();

  await page.goto(`${portal.baseUrl}/`);
  await page.locator("#document-choice").waitFor();
  await page.getByRole("button", { name: "INICIAR SERVICIOS" }).click();
  await page.getByRole("heading", { level: 1, name: "Servicios disponibles" }).waitFor();
  const preRegistro = page.locator('[data-service="pre_registro"]');
  await preRegistro.getByText("Disponible").waitFor();
  await page.getByText("no necesita Pre-Registro").first().waitFor();

  // The first Pre-Registro of the document asks for the variant, once.
  await preRegistro.getByRole("link", { name: "INICIAR PRE-REGISTRO" }).click();
  await page.getByRole("heading", { level: 1, name: "Pre-Registro" }).waitFor();
  await page.getByRole("button", { name: "CONTINUAR" }).click();
  await page.locator("#variant").getByText("Este campo es obligatorio.").waitFor();
  await page.getByLabel("III. No cuenta con NUE").check();
  await page.getByRole("button", { name: "CONTINUAR" }).click();

  // Step 1: one mistake shown and corrected, then saved on the server.
  await page.getByRole("heading", { name: "1. Información del Viaje" }).waitFor();
  const inDays = (days) => {
    const when = new Date(Date.now() - 6 * 3600 * 1000); // the date in Mexico City
    when.setUTCDate(when.getUTCDate() + days);
    return when.toISOString().slice(0, 10);
  };
  await page.selectOption("#entry-mode", "air");
  await page.selectOption("#entry-point", "CUN");
  await page.selectOption("#carrier", "AV");
  await page.fill("#flight-number", "AV 86");
  await page.fill("#arrival-date", inDays(10));
  await page.fill("#departure-date", inDays(5));
  await page.selectOption("#trip-reason", "tourism");
  await page.selectOption("#trip-specification", "vacation");
  await page.selectOption("#destination-state", "ROO");
  await page.fill("#address-in-mexico", "Hotel Caribe, Blvd. Kukulcán km 9, Cancún");
  await page.getByRole("button", { name: "SIGUIENTE" }).click();
  await page.locator("#departure-date-error").getByText("La fecha de salida debe ser posterior a la fecha de llegada.").waitFor();
  await page.fill("#departure-date", inDays(20));
  await page.getByRole("button", { name: "SIGUIENTE" }).click();

  // Step 2: contacts; a Mexican phone with too few digits is shown and corrected.
  await page.getByRole("heading", { name: "2. Información Adicional" }).waitFor();
  await page.fill("#origin-contact-name", "Luis Pérez");
  await page.fill("#origin-contact-phone", "3001234567");
  await page.fill("#mexico-contact-name", "Hotel Caribe");
  await page.fill("#mexico-contact-phone", "99812345");
  await page.selectOption("#exit-type", "visitor");
  await page.getByRole("button", { name: "SIGUIENTE" }).click();
  await page.locator("#mexico-contact-phone-error").getByText("Escriba el teléfono en México con sus 10 dígitos, sin espacios.").waitFor();
  await page.fill("#mexico-contact-phone", "9981234567");
  await page.getByRole("button", { name: "SIGUIENTE" }).click();

  // Step 3: every control question must be answered.
  await page.getByRole("heading", { name: "3. Control Migratorio" }).waitFor();
  await page.getByRole("button", { name: "SIGUIENTE" }).click();
  await page.locator("#answers-deported").getByText("Responda esta pregunta (Sí o No).").waitFor();
  const questions = page.locator("fieldset.question");
  const count = await questions.count();
  assert.equal(count, 7);
  for (let index = 0; index < count; index += 1) {
    const question = questions.nth(index);
    const text = await question.locator("legend").innerText();
    const yes = /boleto|recursos/.test(text);
    await question.getByLabel(yes ? "Sí" : "No", { exact: true }).check();
  }
  await page.getByRole("button", { name: "SIGUIENTE" }).click();

  // Step 4: files checked by content; ❌ until attached, ✅ after.
  await page.getByRole("heading", { name: "4. Terminar Registro" }).waitFor();
  const ticket = page.locator('[data-kind="return_ticket"]');
  await ticket.getByText("❌").waitFor();
  const ticketFile = join(portal.dataDir, "boleto.pdf");
  writeFileSync(ticketFile, samplePdf("boleto de salida"));
  await page.setInputFiles("#attachment-return-ticket", ticketFile);
  await ticket.getByText("✅").waitFor();
  await ticket.getByText("boleto.pdf").waitFor();
  const disguised = join(portal.dataDir, "hotel.pdf");
  writeFileSync(disguised, Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]));
  await page.setInputFiles("#attachment-lodging", disguised);
  await page.getByText("El archivo debe ser PDF, JPG, JPEG o PNG (se revisa su contenido, no su nombre).").waitFor();
  await page.locator('[data-kind="lodging"]').getByText("❌").waitFor();

  // A reload resumes the draft at step 4, without asking the variant again; earlier steps kept.
  await page.reload();
  await page.getByRole("heading", { name: "4. Terminar Registro" }).waitFor();
  await ticket.getByText("✅").waitFor();
  await page.getByRole("button", { name: "ANTERIOR" }).click();
  await page.getByRole("heading", { name: "3. Control Migratorio" }).waitFor();
  assert.equal(await page.locator("#answers-return-ticket").getByLabel("Sí", { exact: true }).isChecked(), true);
  assert.equal(await page.locator("#answers-deported").getByLabel("No", { exact: true }).isChecked(), true);
  await page.getByRole("button", { name: "ANTERIOR" }).click();
  await page.getByRole("heading", { name: "2. Información Adicional" }).waitFor();
  assert.equal(await page.inputValue("#mexico-contact-phone"), "9981234567");
  await page.getByRole("button", { name: "ANTERIOR" }).click();
  await page.getByRole("heading", { name: "1. Información del Viaje" }).waitFor();
  assert.equal(await page.inputValue("#flight-number"), "AV 86");
  assert.equal(await page.inputValue("#entry-point"), "CUN");
  assert.equal(await page.inputValue("#departure-date"), inDays(20));

  // Forward again to step 4, finish the attachments, accept the terms, check the answers, send.
  for (const heading of ["2. Información Adicional", "3. Control Migratorio", "4. Terminar Registro"]) {
    await page.getByRole("button", { name: "SIGUIENTE" }).click();
    await page.getByRole("heading", { name: heading }).waitFor();
  }
  const lodgingFile = join(portal.dataDir, "reserva.pdf");
  writeFileSync(lodgingFile, samplePdf("reservacion de hotel"));
  await page.setInputFiles("#attachment-lodging", lodgingFile);
  await page.locator('[data-kind="lodging"]').getByText("✅").waitFor();
  await page.getByRole("button", { name: "REVISAR Y ENVIAR" }).click();
  await page.locator("#accept-terms-error").getByText("Lea y acepte los términos y condiciones para enviar la información.").waitFor();
  await page.check("#accept-terms");
  await page.getByRole("button", { name: "REVISAR Y ENVIAR" }).click();
  await page.getByRole("heading", { name: "Revise sus respuestas antes de enviar" }).waitFor();
  await page.getByText("Hotel Caribe, Blvd. Kukulcán km 9, Cancún").waitFor();
  await page.getByText("✅ reserva.pdf").waitFor();
  await page.getByRole("button", { name: "ENVIAR INFORMACIÓN" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "SÍ, ENVIAR" }).click();
  await page.getByText("Su Pre-Registro fue aprobado.", { exact: false }).waitFor();
  const [receipt] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "DESCARGAR COMPROBANTE (QR)" }).click(),
  ]);
  assert.match(receipt.suggestedFilename(), /^comprobante-PR-[0-9A-F]{8}\.pdf$/);
  const receiptBytes = await (await receipt.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
  assert.equal(receiptBytes.subarray(0, 5).toString("latin1"), "%PDF-");

  // The history lists it as approved, with its downloads.
  await page.getByRole("link", { name: "HISTORIAL REGISTROS" }).click();
  await page.getByRole("heading", { level: 1, name: "Historial Registros" }).waitFor();
  const entry = page.locator("table.history tbody tr").first();
  await entry.getByText("Aprobado").waitFor();
  await entry.getByText("AB123456").waitFor();
  const [fmm] = await Promise.all([
    page.waitForEvent("download"),
    entry.getByRole("button", { name: "FMM" }).click(),
  ]);
  assert.match(fmm.suggestedFilename(), /^fmm-PR-[0-9A-F]{8}\.pdf$/);

  // The flight was rescheduled: only its data change, and a new receipt revision is issued.
  await entry.getByRole("link", { name: "MODIFICAR VUELO" }).click();
  await page.getByRole("heading", { level: 1, name: "Modificar datos del vuelo" }).waitFor();
  assert.equal(await page.inputValue("#flight-number"), "AV 86");
  await page.fill("#flight-number", "AV 88");
  await page.fill("#arrival-date", inDays(12));
  await page.fill("#departure-date", inDays(11));
  await page.getByRole("button", { name: "GUARDAR CAMBIOS" }).click();
  await page.locator("#departure-date-error").getByText("La fecha de salida debe ser posterior a la fecha de llegada.").waitFor();
  await page.fill("#departure-date", inDays(22));
  await page.getByRole("button", { name: "GUARDAR CAMBIOS" }).click();
  await page.getByText("Se emitió el comprobante revisión 2", { exact: false }).waitFor();

  assert.deepEqual(errors, []);
  await page.close();
});

test("a traveler downloads their data and deletes the account", { timeout: 120_000 }, async () => {
  const email = "arco@example.com";
  await activeAccount(email, "Viaje2026!");
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await logIn(page, email, "Bienvenido(a), María José.");
  await page.goto(`${portal.baseUrl}/cuenta/informacion`);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "DESCARGAR MIS DATOS" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "mis-datos.json");
  const saved = JSON.parse(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8")));
  assert.equal(saved.account.email, email);

  await page.fill("#password", "Viaje2026!");
  await page.locator(".captcha-image img").waitFor();
  await page.fill("#captcha-answer", "abcde");
  await page.getByRole("button", { name: "ELIMINAR MI CUENTA" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "SÍ, ELIMINAR" }).click();
  await page.getByRole("heading", { level: 1, name: "Acceso" }).waitFor();

  await page.fill("#email", email);
  await page.fill("#password", "Viaje2026!");
  await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await page.getByText("Correo electrónico o contraseña incorrectos.").waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("a traveler uploads a passport photo, sees the fields filled in, and registers it", { timeout: 120_000 }, async () => {
  const email = "foto@example.com";
  await activeAccount(email, "Viaje2026!");
  const line1 = "P<COLPEREZ<GOMEZ<<MARIA<JOSE<<<<<<<<<<<<<<<<";
  const line2 = "AB12345671COL9005178F34010111020304050<<<<12";
  const photo = join(portal.dataDir, "pasaporte.jpg");
  renderPassport(photo, line1, line2, "-5");

  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await logIn(page, email, "Bienvenido(a), María José.");
  await page.goto(`${portal.baseUrl}/documentos/registrar`);

  // Without a camera permission the traveler is told to upload a picture instead.
  await page.getByRole("button", { name: "CAPTURAR FOTO" }).click();
  await page.locator(".notice").getByText(/CARGAR IMAGEN\./).waitFor();

  await page.setInputFiles("#passport-image", photo);
  await page.getByText("pasaporte.jpg").waitFor();
  // The crop box starts on the whole picture; drag its top-left corner inwards a little.
  const box = await page.locator(".crop-box").boundingBox();
  const corner = await page.locator(".crop-handle.nw").boundingBox();
  await page.mouse.move(corner.x + corner.width / 2, corner.y + corner.height / 2);
  await page.mouse.down();
  await page.mouse.move(corner.x + 40, corner.y + 30, { steps: 5 });
  await page.mouse.up();
  const cropped = await page.locator(".crop-box").boundingBox();
  assert.ok(cropped.width < box.width - 20 && cropped.height < box.height - 15, "the box shrank");
  await page.getByRole("button", { name: "GUARDAR FOTO" }).click();
  await page.getByAltText("Foto del pasaporte guardada").waitFor();
  const saved = await page.getByAltText("Foto del pasaporte guardada").evaluate((img) => [img.naturalWidth, img.naturalHeight]);
  // The generated photo is 1220 × 880; what is sent is the cropped part.
  assert.ok(saved[0] < 1220 && saved[1] < 880, `cropped to ${saved}`);
  await page.getByRole("button", { name: "VALIDAR DOCUMENTO" }).click();
  await page.getByText("Se leyeron los datos del pasaporte.").waitFor({ timeout: 30_000 });
  assert.equal(await page.inputValue("#document-number"), "AB1234567");
  assert.equal(await page.inputValue("#surnames"), "PEREZ GOMEZ");
  assert.equal(await page.inputValue("#birth-date"), "1990-05-17");
  assert.equal(await page.inputValue("#expiry-date"), "2034-01-01");
  assert.equal(await page.inputValue("#nationality"), "COL");

  // The traveler completes what the zone does not hold and confirms the rest.
  await page.selectOption("#relationship", "holder");
  await page.fill("#given-names", "María José");
  await page.selectOption("#birth-country", "COL");
  await page.fill("#document-number-confirmation", "AB1234567");
  await page.fill("#issue-date", "2024-01-02");
  await page.fill("#issue-date-confirmation", "2024-01-02");
  await page.fill("#expiry-date-confirmation", "2034-01-01");
  await page.locator(".captcha-image img").waitFor();
  await page.fill("#captcha-answer", "abcde");
  await page.getByRole("button", { name: "REGISTRAR", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "SÍ, REGISTRAR" }).click();
  await page.getByText("El documento quedó registrado.").waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("a traveler photographs the passport with the camera, crops it and has it read", { timeout: 120_000 }, async () => {
  const email = "camara@example.com";
  await activeAccount(email, "Viaje2026!");
  const line1 = "P<COLRAMIREZ<<ANDRES<FELIPE<<<<<<<<<<<<<<<<<";
  const line2 = "PE98765439COL8803126M3306301<<<<<<<<<<<<<<08";
  const video = join(portal.dataDir, "camara.y4m");
  renderPassport(video, line1, line2, "3");
  const cameraBrowser = await startBrowser({ fakeCamera: video });
  try {
    const page = await cameraBrowser.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await logIn(page, email, "Bienvenido(a), María José.");
    await page.goto(`${portal.baseUrl}/documentos/registrar`);

    await page.getByRole("button", { name: "CAPTURAR FOTO" }).click();
    await page.locator(".camera-guide").waitFor();
    const takePhoto = page.getByRole("button", { name: "TOMAR FOTO" });
    await page.waitForFunction(() => document.querySelector("video")?.videoWidth > 0);
    await takePhoto.click();
    // The crop box starts on the green guide; the traveler saves it as it is.
    await page.locator(".crop-box").waitFor();
    await page.getByRole("button", { name: "GUARDAR FOTO" }).click();
    const saved = page.getByAltText("Foto del pasaporte guardada");
    await saved.waitFor();
    const size = await saved.evaluate((img) => [img.naturalWidth, img.naturalHeight]);
    assert.ok(size[0] < 1920 && size[1] < 1080, `the guide crops the frame: ${size}`);
    // The camera is released once the photo is taken.
    assert.equal(await page.evaluate(() => document.querySelector("video")), null);

    await page.getByRole("button", { name: "VALIDAR DOCUMENTO" }).click();
    const outcome = page.locator(".capture .notice");
    await outcome.waitFor({ timeout: 30_000 });
    assert.match(await outcome.innerText(), /Se leyeron los datos del pasaporte\./);
    assert.equal(await page.inputValue("#document-number"), "PE9876543");
    assert.equal(await page.inputValue("#surnames"), "RAMIREZ");
    assert.equal(await page.inputValue("#given-names"), "ANDRES FELIPE");
    assert.equal(await page.inputValue("#birth-date"), "1988-03-12");
    assert.equal(await page.inputValue("#expiry-date"), "2033-06-30");
    assert.deepEqual(errors, []);
  } finally {
    await cameraBrowser.close();
  }
});
