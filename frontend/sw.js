// Keeps the web app's files on the device so that the officer's console opens with no
// network (the receipt check itself needs only the keys it keeps in local storage).
// Pages are fetched from the network first and fall back to the kept copy; the app's
// files have content hashes in their names, so a kept copy is always the right one.
// The API is never cached.
const CACHE = "portal-app-v1";

async function keepTheApp() {
  const cache = await caches.open(CACHE);
  const page = await fetch("/index.html", { cache: "no-store" });
  if (!page.ok) return;
  const html = await page.clone().text();
  await cache.put("/index.html", page);
  const files = [...html.matchAll(/(?:href|src)="(\/[^"]+\.(?:js|wasm|css))"/g)].map((m) => m[1]);
  await cache.addAll([...new Set(files)]);
}

self.addEventListener("install", (event) => {
  event.waitUntil(keepTheApp().then(() => self.skipWaiting()));
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
        caches.open(CACHE).then((cache) => cache.put("/index.html", copy));
      }
      return response;
    }).catch(async () => (await caches.match("/index.html")) ?? Response.error()));
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
