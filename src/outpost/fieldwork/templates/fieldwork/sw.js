{% load static %}/* Outpost field work service worker. It keeps a copy of the recording page, the
 * households lists it loaded and the static files they use, so that the page opens without a
 * connection; every request goes to the network first and the copy is used only when the
 * network fails. It never touches the API or any write: queued entries are sent by the page. */
"use strict";

var CACHE = "outpost-fieldwork-v1";
var RECORD_URL = "{{ record_url|escapejs }}";
var HOUSEHOLDS_URL = "{% url 'fieldwork:activity_households' as households_url %}{{ households_url|escapejs }}";
var PRECACHE = [
  RECORD_URL,
  "{% static 'outpost/outpost.css' %}",
  "{% static 'fieldwork/fieldwork.css' %}",
  "{% static 'fieldwork/activities/capture.js' %}",
  "{% static 'django_htmx/htmx-2.min.js' %}",
];

function keep(cache, request, response) {
  // Only real answers: not a redirect to the sign-in page, not an error.
  if (response && response.ok && !response.redirected && response.type === "basic") {
    return cache.put(request, response.clone()).then(function () { return response; });
  }
  return Promise.resolve(response);
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(PRECACHE.map(function (url) {
        var request = new Request(url, { credentials: "same-origin" });
        return fetch(request).then(function (response) { return keep(cache, request, response); })
          .catch(function () { return null; });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("outpost-fieldwork-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var isRecordPage = url.pathname === RECORD_URL;
  var isHouseholds = url.pathname === HOUSEHOLDS_URL;
  var isStatic = url.pathname.indexOf("{% get_static_prefix %}") === 0;
  if (!isRecordPage && !isHouseholds && !isStatic) return;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return fetch(request)
        .then(function (response) {
          // The recording page is kept under its plain address, whatever its query.
          return keep(cache, isRecordPage ? new Request(RECORD_URL) : request, response);
        })
        .catch(function () {
          return cache.match(isRecordPage ? RECORD_URL : request).then(function (hit) {
            return hit || Response.error();
          });
        });
    })
  );
});
