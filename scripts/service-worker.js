// The Ops Console service worker: keeps this build's app shell (index.html and the hashed
// wasm, js and css) so every page loads with no network after the first visit.
//
// scripts/postbuild writes it into the build as service-worker.js, replacing the three
// __OPS_CONSOLE_…__ markers: the build id (a hash of the cached files, so a new deploy gets a
// new cache and the old one is deleted), the files to cache (relative to this script) and
// whether it is enabled (OPS_CONSOLE_SERVICE_WORKER=off writes a version that removes itself).
// The wasm registers it (src/service_worker.rs); see docs/deploy.md.
//
// It never touches /beak: any request with a `beak` path segment, any other origin and any
// method but GET go to the network as if there were no service worker. The console keeps the
// platform's last answers itself, with their time (src/domain/last_known.rs).
'use strict';

const BUILD = '__OPS_CONSOLE_BUILD__';
const ASSETS = __OPS_CONSOLE_ASSETS__;
const ENABLED = __OPS_CONSOLE_ENABLED__;

// A page load waits this long for the network before the cached shell is used.
const NAVIGATION_TIMEOUT_MS = 4000;
const SCOPE = new URL('./', self.location.href);
const CACHE_PREFIX = `ops-console-shell:${SCOPE.pathname}:`;
const CACHE = CACHE_PREFIX + BUILD;
const SHELL = new URL('index.html', SCOPE).href;
const CACHED = new Set(ASSETS.map((a) => new URL(a, SCOPE).href));
const PLATFORM = /(^|\/)(beak|__sim)(\/|$)/;

// The platform's routes (and the simulator's) bypass this worker: where the browser has static
// routing (Chromium 123 and later), their requests go to the network without an event here, so
// a poll never waits for this worker to run or to wake. Elsewhere the fetch handler below lets
// them through. The patterns are same-origin paths, at the root or below a sub-path.
const BYPASS = ['beak', '__sim'].flatMap((segment) =>
  [`/${segment}{/*}?`, `/*/${segment}{/*}?`].map((pathname) => ({ condition: { urlPattern: { pathname } }, source: 'network' })),
);

self.addEventListener('install', (event) => {
  if (ENABLED && typeof event.addRoutes === 'function') {
    // Without the routes the worker still works, through its fetch handler.
    event.waitUntil(event.addRoutes(BYPASS).catch(() => {}));
  }
  event.waitUntil(
    (async () => {
      if (ENABLED) {
        const cache = await caches.open(CACHE);
        // Revalidated with the server (never a stale copy from the HTTP cache).
        await cache.addAll([...CACHED].map((url) => new Request(url, { cache: 'no-cache' })));
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Older builds' caches of this scope (other scopes on the same origin are left alone).
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(CACHE_PREFIX) && (n !== CACHE || !ENABLED)).map((n) => caches.delete(n)),
      );
      if (!ENABLED) await self.registration.unregister();
    })(),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

async function cachedShell() {
  const cache = await caches.open(CACHE);
  return cache.match(SHELL, { ignoreVary: true });
}

// Pages: the network first (a new deploy shows at once); the cached shell when the network
// fails, hangs, or the host answers with a server error. Every page is the same index.html.
async function navigate(request) {
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.status < 500) return response;
    return (await cachedShell()) || response;
  } catch (err) {
    const shell = await cachedShell();
    if (shell) return shell;
    throw err;
  }
}

// The build's own files: from the cache, else the network.
async function asset(request, url) {
  const cache = await caches.open(CACHE);
  return (await cache.match(url, { ignoreVary: true })) || fetch(request);
}

if (ENABLED) {
  self.addEventListener('fetch', (event) => {
    const request = event.request;
    if (request.method !== 'GET') return;
    const url = new URL(request.url);
    if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
    if (PLATFORM.test(url.pathname)) return;
    if (request.mode === 'navigate') {
      event.respondWith(navigate(request));
      return;
    }
    const plain = url.origin + url.pathname;
    if (CACHED.has(plain)) event.respondWith(asset(request, plain));
  });
}
