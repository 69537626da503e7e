// Kneewise's service worker: when the network is gone, a page that says so, instead of the
// browser's error. It caches only that page and the stylesheet; a runner's own pages always
// come from the server and are never kept on the phone.
"use strict";
const CACHE = "kneewise-offline-v1";
const OFFLINE = "/offline/";
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([OFFLINE, "{{ stylesheet|escapejs }}"])));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
  );
  self.clients.claim();
});
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  } else if (request.url.endsWith("{{ stylesheet|escapejs }}")) {
    event.respondWith(fetch(request).catch(() => caches.match(request)));
  }
});
