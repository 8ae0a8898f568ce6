// The scanner's service worker: the scanner pages and their assets work with no network.
//
// Pages are fetched from the network first, so a fresh page (and its CSRF token) is used
// whenever there is one; the copy kept for offline use is per address and is dropped when
// the person signs out, so the next person on the phone never gets it. Only pages the
// server marks as scanner pages are kept. Scans themselves never pass through here: the
// page queues them and sends them when the connection returns.
"use strict";
var VERSION = "{{ version }}";
var PAGES = "scanner-pages-" + VERSION;
var ASSETS = "scanner-assets-" + VERSION;
var ASSET_URLS = {{ assets_json|safe }};
var PAGE_PATHS = {{ pages_json|safe }}.map(function (pattern) { return new RegExp(pattern); });
var LOGOUT_PATH = {{ logout_path_json|safe }};
var NETWORK_WAIT_MS = 4000;

function isScannerPage(url) {
  return url.origin === self.location.origin && PAGE_PATHS.some(function (pattern) { return pattern.test(url.pathname); });
}
function keepable(response) {
  return response && response.ok && !response.redirected && response.type === "basic" &&
    response.headers.get("X-Scanner-Page") === "1";
}
// The network first; the kept copy when there is no network, or when the network is slow
// (a hall's Wi-Fi that accepts and never answers) and a copy exists. Without a copy it waits.
function networkFirst(event, key, cacheName, keep) {
  var network = fetch(event.request).then(function (response) {
    if (keep(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(cacheName).then(function (cache) { return cache.put(key, copy); }));
    }
    return response;
  });
  function kept() {
    return caches.open(cacheName).then(function (cache) { return cache.match(key, { ignoreVary: true }); });
  }
  return new Promise(function (resolve, reject) {
    var settled = false;
    var timer = setTimeout(function () {
      kept().then(function (copy) {
        if (copy && !settled) {
          settled = true;
          resolve(copy);
        }
      });
    }, NETWORK_WAIT_MS);
    network.then(function (response) {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        resolve(response);
      }
    }, function (error) {
      clearTimeout(timer);
      kept().then(function (copy) {
        if (settled) return;
        settled = true;
        if (copy) resolve(copy);
        else reject(error);
      }, function () {
        if (!settled) {
          settled = true;
          reject(error);
        }
      });
    });
  });
}
// Signed out, the page answers with a redirect to the sign-in page; following it would
// hand this phone a new CSRF cookie while the person may be signing in again,
// and their sign-in would then be refused. A redirect is simply not kept.
function keepPage(url) {
  return fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual" }).then(function (response) {
    if (!keepable(response)) return false;
    return caches.open(PAGES).then(function (cache) { return cache.put(url, response); }).then(function () { return true; });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSETS).then(function (cache) { return cache.addAll(ASSET_URLS); }).then(function () {
    return self.skipWaiting();
  }));
});
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("scanner-") === 0 && name !== PAGES && name !== ASSETS;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// A scanner page asks to be kept (its first visit happens before this worker controls it).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  if (data.type !== "keep-page" || typeof data.url !== "string") return;
  var url = new URL(data.url, self.location.origin);
  url.hash = "";
  var kept = isScannerPage(url) ? keepPage(url.href) : Promise.resolve(false);
  // Offline, the page was opened from the copy already kept: it still works offline.
  var orKept = kept.catch(function () {
    return caches.open(PAGES).then(function (cache) { return cache.match(url.href, { ignoreVary: true }); })
      .then(function (copy) { return Boolean(copy); });
  });
  event.waitUntil(orKept.catch(function () { return false; }).then(function (done) {
    if (port) port.postMessage({ type: "kept", ok: done });
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === LOGOUT_PATH && request.method === "POST") {
    // The person signs out: their pages must not open for whoever uses the phone next.
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate" && isScannerPage(url)) {
    event.respondWith(networkFirst(event, url.origin + url.pathname + url.search, PAGES, keepable));
    return;
  }
  var asset = url.origin + url.pathname;
  if (ASSET_URLS.some(function (path) { return new URL(path, self.location.origin).href === asset; })) {
    event.respondWith(networkFirst(event, asset, ASSETS, function (response) { return response.ok; }));
  }
});
