import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { activeAccount, startBrowser, startPortal, waitForEmail } from "./support.mjs";

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

async function newPage() {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.errors = errors;
  return page;
}

test("a traveler creates an account, activates it from the email, logs in, changes the password and logs out", { timeout: 120_000 }, async () => {
  const page = await newPage();
  const email = "maria.perez@example.com";
  await page.goto(`${portal.baseUrl}/crear-cuenta`);
  await page.getByRole("heading", { level: 1, name: "Crear cuenta" }).waitFor();

  // Submitting empty shows the summary and keeps the form.
  await page.getByRole("button", { name: "CREAR CUENTA" }).click();
  await page.getByRole("alert").filter({ hasText: "Hay errores en el formulario" }).waitFor();

  await page.fill("#given-names", "María José");
  await page.fill("#surnames", "Pérez Gómez");
  await page.fill("#birth-date", "1990-05-17");
  await page.selectOption("#nationality", "COL");
  await page.selectOption("#sex", "female");
  await page.selectOption("#phone-country-code", "+57");
  await page.fill("#phone", "3001234567");
  await page.fill("#email", email);
  await page.fill("#email-confirmation", email);

  // The password rules tick one by one as they are met.
  await page.fill("#password", "viaje");
  assert.equal(await page.locator(".password-rules .rule-met").count(), 2, "lowercase and no forbidden characters");
  await page.fill("#password", "Viaje.2026!");
  await page.locator("#password").blur();
  await page.getByText("La contraseña no cumple: sin los caracteres . ñ ñ.").first().waitFor();
  await page.fill("#password", "Viaje2026!");
  assert.equal(await page.locator(".password-rules .rule-unmet").count(), 0);
  await page.fill("#password-confirmation", "Viaje2026!");
  await page.locator(".captcha-image img").waitFor();
  await page.fill("#captcha-answer", "abcde");

  await page.getByRole("button", { name: "CREAR CUENTA" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "SÍ, CREAR CUENTA" }).click();
  await page.getByText("Recibimos su solicitud").waitFor();

  const [link] = await waitForEmail(portal.dataDir, /http:\/\/127\.0\.0\.1:\d+\/activar#token=[A-Za-z0-9_-]+/);
  await page.goto(link);
  await page.getByText("Su cuenta está activa").waitFor();
  await page.getByRole("link", { name: "INICIAR SESIÓN" }).click();

  await page.fill("#email", email);
  await page.fill("#password", "Viaje2026!");
  await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await page.getByText("Bienvenido(a), María José.").waitFor();

  // A reload keeps the session through the HttpOnly refresh cookie.
  await page.reload();
  await page.getByText("Bienvenido(a), María José.").waitFor();

  await page.getByRole("button", { name: /María José Pérez Gómez/ }).click();
  await page.locator(".menu").getByRole("link", { name: "Información" }).click();
  await page.getByText(email).waitFor();
  await page.getByText("17/05/1990").waitFor();

  await page.getByRole("button", { name: /María José Pérez Gómez/ }).click();
  await page.locator(".menu").getByRole("link", { name: "Contraseña" }).click();
  await page.fill("#current-password", "Viaje2026!");
  await page.fill("#new-password", "Nueva2026#");
  await page.fill("#new-password-confirmation", "Nueva2026#");
  await page.locator(".captcha-image img").waitFor();
  await page.fill("#captcha-answer", "abcde");
  await page.getByRole("button", { name: "CAMBIAR CONTRASEÑA" }).click();
  await page.getByText("Su contraseña se cambió").waitFor();

  await page.getByRole("button", { name: /María José Pérez Gómez/ }).click();
  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "CERRAR SESIÓN" }).click();
  await page.getByRole("heading", { level: 1, name: "Acceso" }).waitFor();

  // Logged out on the server: a reload does not bring the session back.
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Acceso" }).waitFor();
  assert.equal(await page.getByText("Bienvenido(a)").count(), 0);

  // The old password no longer works; the new one does.
  await page.fill("#email", email);
  await page.fill("#password", "Viaje2026!");
  await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await page.getByText("Correo electrónico o contraseña incorrectos.").waitFor();
  await page.fill("#password", "Nueva2026#");
  await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await page.getByText("Bienvenido(a), María José.").waitFor();

  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the language switch shows every screen in English and is remembered", { timeout: 60_000 }, async () => {
  const page = await newPage();
  await page.goto(`${portal.baseUrl}/acceso`);
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.getByRole("link", { name: "No account yet? Create one" }).click();
  await page.getByRole("heading", { level: 1, name: "Create an account" }).waitFor();
  await page.getByRole("button", { name: "Español" }).click();
  await page.getByRole("heading", { level: 1, name: "Crear cuenta" }).waitFor();
  await page.close();
});

test("the login form works with the keyboard alone", { timeout: 60_000 }, async () => {
  const page = await newPage();
  await page.goto(`${portal.baseUrl}/acceso`);
  await page.getByRole("heading", { level: 1, name: "Acceso" }).waitFor();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "skip-link");
  await page.focus("#email");
  await page.keyboard.type("nadie@example.com");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Viaje2026!");
  await page.keyboard.press("Enter");
  await page.getByText("Correo electrónico o contraseña incorrectos.").waitFor();
  await page.close();
});

test("while the app downloads, a static page says so, and the app replaces it when it starts", { timeout: 60_000 }, async () => {
  const page = await newPage();
  // The app's download is held back, as on a slow network.
  let release;
  const held = new Promise((done) => { release = done; });
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${portal.baseUrl}/acceso`, { waitUntil: "domcontentloaded" });
  const loading = page.locator("#arranque");
  await loading.getByRole("status").getByText("Cargando el portal…").waitFor();
  assert.ok(await loading.getByText("Portal de Servicios").isVisible());
  release();
  await page.getByRole("heading", { level: 1, name: "Acceso" }).waitFor();
  assert.equal(await loading.count(), 0, "the static page is gone once the app runs");
  assert.equal(await page.locator("header").count(), 1, "one header, the app's");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("links, Back and addresses cross between the bundles of the web app, each page downloading only its own", { timeout: 90_000 }, async () => {
  await activeAccount(portal, "paginas@example.com", "Viaje2026!");
  const page = await newPage();
  const bundles = [];
  // Each bundle in the order first fetched; the context's requests include the service
  // worker's, which must not fetch bundles of pages not opened.
  page.context().on("request", (request) => {
    const name = request.url().match(/\/(public|documents|preregistration|staff)-[0-9a-f]+_bg\.wasm$/)?.[1];
    if (name && !bundles.includes(name)) bundles.push(name);
  });
  await page.goto(`${portal.baseUrl}/acceso`);
  await page.fill("#email", "paginas@example.com");
  await page.fill("#password", "Viaje2026!");
  await page.getByRole("button", { name: "INICIAR SESIÓN" }).click();
  await page.getByText("Registre un documento de viaje para iniciar servicios.").waitFor();
  assert.deepEqual(bundles, ["public"], "login and home are public pages");

  // A link into the traveler's documents loads that bundle; the session comes along.
  await page.getByRole("link", { name: "REGISTRAR DOCUMENTO" }).click();
  await page.getByRole("heading", { level: 1, name: "Registro de documento de viaje" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/documentos/registrar");
  assert.deepEqual(bundles, ["public", "documents"]);

  // An unknown address is the public bundle's "not found"; from there a link to a
  // traveler page works, and Back returns through both.
  await page.goto(`${portal.baseUrl}/no-existe`);
  await page.getByRole("heading", { level: 1, name: "Página no encontrada" }).waitFor();
  await page.getByRole("button", { name: /Paginas|María|Pérez/ }).first().click();
  await page.locator(".menu").getByRole("link", { name: "Información" }).click();
  await page.getByText("paginas@example.com").waitFor();
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "Página no encontrada" }).waitFor();
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "Registro de documento de viaje" }).waitFor();

  // The pre-registration history is a bundle of its own.
  await page.goto(`${portal.baseUrl}/pre-registro/historial`);
  await page.getByRole("heading", { level: 1, name: "Historial Registros" }).waitFor();
  assert.equal(bundles.at(-1), "preregistration");

  // A traveler who types the officers' address gets the staff bundle, which refuses them.
  assert.ok(!bundles.includes("staff"), "no staff code before a staff page");
  await page.goto(`${portal.baseUrl}/oficial`);
  await page.getByText("Esta página es solo para personal del Instituto con el rol correspondiente.").waitFor();
  assert.equal(bundles.at(-1), "staff");
  assert.deepEqual(page.errors, []);
  await page.close();
});
