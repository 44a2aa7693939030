// Keeps the app usable without a network once it has been opened: every same-origin GET goes to the
// network first (so a new version is picked up at once) and falls back to the last copy cached here.
// The page sends the URLs it loaded before this worker took over (the package's modules and wasm),
// so the very first visit is enough. State is not in here: threads live in the Client's storage.

const CACHE = "approval-inbox";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// `{ cache: [urls] }` with a MessagePort: caches them, then answers `{ cached: n }` (or `{ error }`).
self.addEventListener("message", (event) => {
  const urls = event.data?.cache;
  if (!Array.isArray(urls)) return;
  const reply = (message) => event.ports[0]?.postMessage(message);
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(urls))
      .then(() => reply({ cached: urls.length }), (error) => reply({ error: String(error) })),
  );
});

/** The app's own files: pages and static assets. Anything else (an HTTP API on the same origin, its
 * event streams) is left alone, never cached. */
const isAppFile = (request, url) =>
  request.mode === "navigate" || /\.(?:html|js|mjs|css|svg|wasm)$/.test(url.pathname);

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !isAppFile(request, url)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
      } catch (error) {
        const copy = await cache.match(request, { ignoreSearch: true });
        if (copy) return copy;
        throw error;
      }
    })(),
  );
});
