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
    }).catch(async () => (await caches.match(url.pathname)) ?? Response.error()));
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
