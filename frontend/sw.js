// Keeps the officer's console on the device so that it opens with no network (the
// receipt check itself needs only the keys it keeps in local storage). Pages are fetched
// from the network first and fall back to the copy kept for the same path; the app's
// files have content hashes in their names, so a kept copy is always the right one.
// The API is never cached.
const CACHE = "portal-app-v2";
// Pages kept, with the files they load, once they have been opened: the console, which
// is the staff bundle's page (see crates/shared/src/web_apps.rs). Every page asks to be
// kept (index.html's script) and only these are, so a traveler's browser never downloads
// the staff bundle for it.
const KEPT_PAGES = ["/oficial"];

async function keepPage(path) {
  const cache = await caches.open(CACHE);
  const page = await fetch(path, { cache: "no-store" });
  if (!page.ok) return;
  const html = await page.clone().text();
  const files = [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
  await cache.addAll([...new Set(files)]);
  await cache.put(path, page);
}

// Answers a page opened with no network that this device has not kept (an officer who
// leaves the console while offline, say): what happened, in both languages, and the way
// back to the console when it is kept, instead of the browser's own error page.
async function offlinePage(path) {
  const consoleKept = (await caches.match("/oficial")) !== undefined;
  const back = consoleKept
    ? `<p><a class="primary" href="/oficial">Volver a la consola de verificación</a>
       <span lang="en">(back to the verification console, which works offline)</span></p>`
    : "";
  const html = `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sin conexión · Portal de Servicios</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #F5F5F5; color: #212121; }
  header { background: #691C32; color: #fff; padding: 1rem 1.5rem; font-weight: 600; }
  main { max-width: 40rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; }
  h1 { font-size: 1.5rem; }
  .en { color: #545454; }
  a { color: #1E5B4F; }
  a.primary { display: inline-block; background: #1E5B4F; color: #fff; padding: .75rem 1.25rem;
    border-radius: 4px; text-decoration: none; font-weight: 600; }
</style>
</head>
<body>
<header>Portal de Servicios</header>
<main>
<h1>Sin conexión</h1>
<p>Esta página no está guardada en este dispositivo y no hay conexión a internet.
Inténtelo de nuevo cuando tenga conexión.</p>
<p class="en" lang="en">No connection: this page is not kept on this device. Try again when you are online.</p>
${back}
<p><a href="${path.replace(/[^A-Za-z0-9/_-]/g, "")}">Reintentar</a> <span class="en" lang="en">(try again)</span></p>
</main>
</body>
</html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

self.addEventListener("install", (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("message", (event) => {
  const path = event.data?.keep;
  if (KEPT_PAGES.includes(path)) {
    event.waitUntil(keepPage(path).then(() => event.source?.postMessage({ kept: path })));
  }
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin
      || url.pathname.startsWith("/api/") || url.pathname.startsWith("/docs")) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
      }
      return response;
    }).catch(async () => (await caches.match(url.pathname)) ?? offlinePage(url.pathname)));
    return;
  }
  event.respondWith(caches.match(request).then((kept) => kept ?? fetch(request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  })));
});
