/* Outpost field work: record activities from a phone, with or without a connection.
 *
 * On the recording page (form[data-offline-capture]) a submitted activity is given its own
 * client id, kept on the phone (IndexedDB; localStorage with the photos as base64 where
 * IndexedDB is missing) and shown in the queue at the top of the page. Queued entries are sent
 * to the API when the connection is there (on load, on the "online" event, every little while,
 * and with "Send now"), with the session cookie and the CSRF token. The server stores an
 * activity (and each photo) once per client id, so sending again after a lost answer is
 * harmless. An entry leaves the queue only when the server has confirmed it (201 or 200) and
 * every one of its photos.
 *
 * On every page that has them, the search boxes above household and cadre lists filter the
 * list ignoring diacritics ("lo van" finds "Lò Văn"). No library, no build step. */
(function () {
  "use strict";

  // The same folding as outpost.core.text.fold: "Lò Văn Đức" -> "lo van duc".
  function fold(text) {
    return (text || "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase();
  }

  function applyFilter(input) {
    var box = document.querySelector(input.dataset.filter);
    if (!box) return;
    var words = fold(input.value).split(" ").filter(Boolean);
    box.querySelectorAll("label").forEach(function (label) {
      var text = label.dataset.search || fold(label.textContent);
      var tick = label.querySelector("input");
      var matches = words.every(function (w) { return text.indexOf(w) !== -1; });
      label.hidden = !(matches || (tick && tick.checked));
    });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input.fw-filter[data-filter]")) applyFilter(input);
  });
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("input.fw-filter[data-filter]").forEach(applyFilter);
  });

  var form = document.querySelector("form[data-offline-capture]");
  if (!form) return;

  var strings = {};
  try {
    strings = JSON.parse(document.getElementById("fw-strings").textContent);
  } catch (e) { /* the English fallbacks below */ }
  function say(key, fallback) { return strings[key] || fallback; }

  var cfg = {
    api: form.dataset.apiUrl,
    photos: form.dataset.photosUrl,
    detail: form.dataset.detailUrl,
    maxBytes: Number(form.dataset.maxBytes) || 0,
    user: form.dataset.user || "",
    sw: form.dataset.swUrl,
  };
  var RETRY_MS = 15000;

  // --- ids ---------------------------------------------------------------------------------
  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- where the queue is kept -------------------------------------------------------------
  var DB_NAME = "outpost-fieldwork";
  var STORE = "queue";
  var LS_KEY = "outpost-fieldwork-queue";

  function openIndexedDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "client_id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function indexedDbStore(db) {
    function run(mode, action) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = action(tx.objectStore(STORE));
        var result;
        request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    }
    return {
      keepsBlobs: true,
      all: function () {
        return run("readonly", function (s) { return s.getAll(); }).then(function (rows) {
          return (rows || []).sort(function (a, b) { return a.created_at < b.created_at ? -1 : 1; });
        });
      },
      put: function (entry) { return run("readwrite", function (s) { return s.put(entry); }); },
      remove: function (id) { return run("readwrite", function (s) { return s.delete(id); }); },
    };
  }

  var localStore = {
    keepsBlobs: false,
    read: function () {
      try { return JSON.parse(window.localStorage.getItem(LS_KEY) || "[]"); } catch (e) { return []; }
    },
    write: function (rows) { window.localStorage.setItem(LS_KEY, JSON.stringify(rows)); },
    all: function () { return Promise.resolve(this.read()); },
    put: function (entry) {
      var rows = this.read().filter(function (row) { return row.client_id !== entry.client_id; });
      rows.push(entry);
      try { this.write(rows); } catch (e) { return Promise.reject(e); }
      return Promise.resolve();
    },
    remove: function (id) {
      this.write(this.read().filter(function (row) { return row.client_id !== id; }));
      return Promise.resolve();
    },
  };

  var storeReady = openIndexedDb().then(indexedDbStore).catch(function () { return localStore; });

  // --- photos ------------------------------------------------------------------------------
  function firstBytes(blob, count) {
    var part = blob.slice(0, count);
    if (part.arrayBuffer) return part.arrayBuffer();
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(part);
    });
  }

  // The photo's real type from its first bytes, as the server checks it.
  function sniff(blob) {
    return firstBytes(blob, 12).then(function (buffer) {
      var b = new Uint8Array(buffer);
      if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
      if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
      if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 &&
          b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return "image/webp";
      return null;
    });
  }

  function dataUrlOf(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsDataURL(blob);
    });
  }

  function blobOf(photo) {
    if (photo.blob) return photo.blob;
    var parts = photo.data.split(",");
    var binary = window.atob(parts[1]);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type: photo.type });
  }

  // --- the form ----------------------------------------------------------------------------
  var notice = document.querySelector("[data-capture-notice]");
  function showNotice(text) {
    if (!notice) return;
    notice.textContent = text;
    notice.hidden = !text;
  }

  function optionText(name) {
    var select = form.elements[name];
    if (!select || !select.options || select.selectedIndex < 0) return "";
    return select.options[select.selectedIndex].text;
  }

  function payloadOf() {
    var data = new FormData(form);
    function number(name) {
      var value = parseInt(data.get(name), 10);
      return isNaN(value) ? 0 : value;
    }
    function ids(name) {
      return data.getAll(name).map(function (v) { return parseInt(v, 10); })
        .filter(function (v) { return !isNaN(v); });
    }
    var village = parseInt(data.get("village"), 10);
    return {
      date: data.get("date"),
      kind: data.get("kind"),
      force_unit_id: parseInt(data.get("force_unit"), 10),
      village_id: isNaN(village) ? null : village,
      cadre_ids: ids("cadres"),
      household_ids: ids("households"),
      people_reached: number("people_reached"),
      cost: number("cost"),
      materials: data.get("materials") || "",
      notes: data.get("notes") || "",
    };
  }

  function resetForm() {
    // The next entry is most often the same day, kind, village and team: keep those.
    var keep = {};
    ["date", "kind", "village", "force_unit"].forEach(function (name) {
      if (form.elements[name]) keep[name] = form.elements[name].value;
    });
    var cadres = Array.prototype.filter.call(
      form.querySelectorAll("input[name=cadres]"), function (box) { return box.checked; }
    ).map(function (box) { return box.value; });
    form.reset();
    Object.keys(keep).forEach(function (name) { form.elements[name].value = keep[name]; });
    form.querySelectorAll("input[name=cadres]").forEach(function (box) {
      box.checked = cadres.indexOf(box.value) !== -1;
    });
    form.querySelectorAll("input[name=households]").forEach(function (box) { box.checked = false; });
    form.querySelectorAll("input.fw-filter").forEach(function (input) {
      input.value = "";
      applyFilter(input);
    });
    if (form.elements.client_id) form.elements.client_id.value = newId();
  }

  // --- sending -----------------------------------------------------------------------------
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function SendLater(reason) { this.reason = reason; }

  async function refusal(response) {
    var text = String(response.status);
    try {
      var body = await response.json();
      text = body.detail ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)) : text;
    } catch (e) { /* not JSON */ }
    return text;
  }

  // Sends one entry; resolves to the activity's id once the server has everything, throws
  // SendLater when it should be tried again later, and marks it refused when the server said no.
  async function sendEntry(store, entry) {
    var response;
    if (!entry.activity_id) {
      response = await fetch(cfg.api, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(Object.assign({ client_id: entry.client_id }, entry.payload)),
      });
      if (response.status === 201 || response.status === 200) {
        entry.activity_id = (await response.json()).id;
        entry.refused = "";
        await store.put(entry);
      } else {
        return handleFailure(store, entry, response);
      }
    }
    for (var i = 0; i < entry.photos.length; i++) {
      var photo = entry.photos[i];
      if (photo.sent) continue;
      var body = new FormData();
      body.append("client_id", photo.client_id);
      body.append("file", blobOf(photo), photo.name || "photo");
      response = await fetch(cfg.photos.replace("/0/", "/" + entry.activity_id + "/"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() },
        body: body,
      });
      if (response.status === 201 || response.status === 200) {
        photo.sent = true;
        await store.put(entry);
      } else {
        return handleFailure(store, entry, response);
      }
    }
    await store.remove(entry.client_id);
    return entry.activity_id;
  }

  async function handleFailure(store, entry, response) {
    var status = response.status;
    if (status === 401) throw new SendLater(say("sign_in", "Sign in again."));
    if (status === 408 || status === 429 || status >= 500) throw new SendLater(String(status));
    entry.refused = say("refused", "Refused") + " (" + status + "): " + (await refusal(response));
    await store.put(entry);
    return null;
  }

  var flushing = null;
  var again = false;
  var lastProblem = "";

  // Sends what is waiting, one entry after the other; resolves to {client_id: activity_id}
  // for the entries the server confirmed.
  function flush(includeRefused) {
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = (async function () {
      var confirmed = {};
      var store = await storeReady;
      do {
        again = false;
        if (!navigator.onLine) break;
        var entries = await store.all();
        for (var i = 0; i < entries.length; i++) {
          var entry = entries[i];
          if (entry.user !== cfg.user) continue;
          if (entry.refused && !includeRefused) continue;
          try {
            var id = await sendEntry(store, entry);
            if (id) confirmed[entry.client_id] = id;
            lastProblem = "";
          } catch (error) {
            // No connection after all, or the server is busy: keep everything, try later.
            lastProblem = error instanceof SendLater ? error.reason : "";
            break;
          }
        }
        includeRefused = false;
      } while (again);
      return confirmed;
    })();
    return flushing.finally(function () {
      flushing = null;
      render();
    });
  }

  // --- the visible queue -------------------------------------------------------------------
  var queueBox = document.getElementById("fw-queue");
  var queueCount = queueBox && queueBox.querySelector("[data-queue-count]");
  var queueStatus = queueBox && queueBox.querySelector("[data-queue-status]");
  var queueList = queueBox && queueBox.querySelector("[data-queue-list]");
  var everShown = false;

  async function render() {
    if (!queueBox) return;
    var store = await storeReady;
    var entries = await store.all();
    var mine = entries.filter(function (e) { return e.user === cfg.user; });
    queueBox.dataset.count = String(mine.length);
    if (entries.length) everShown = true;
    queueBox.hidden = !everShown;
    queueCount.textContent = mine.length === 0 ? say("nothing_waiting", "Nothing waiting to be sent.")
      : mine.length === 1 ? say("waiting_one", "1 waiting to be sent")
      : say("waiting_many", "{n} waiting to be sent").replace("{n}", mine.length);
    queueStatus.textContent = mine.length && lastProblem ? lastProblem : "";
    queueList.textContent = "";
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      item.dataset.clientId = entry.client_id;
      item.textContent = entry.label;
      if (entry.user !== cfg.user) {
        item.textContent += " · " + say("other_user", "waiting for its author to sign in");
      } else if (entry.refused) {
        item.className = "refused";
        item.textContent += " · " + entry.refused;
        var discard = document.createElement("button");
        discard.type = "button";
        discard.textContent = say("discard", "Discard");
        discard.addEventListener("click", function () {
          if (!window.confirm(say("discard_confirm", "Discard this entry?"))) return;
          store.remove(entry.client_id).then(render);
        });
        item.appendChild(discard);
      }
      queueList.appendChild(item);
    });
    var sendButton = queueBox.querySelector("[data-queue-send]");
    if (sendButton) sendButton.hidden = mine.length === 0;
  }

  // --- wiring ------------------------------------------------------------------------------
  var photoInput = form.querySelector("input[type=file][name=photos]");

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    try {
      showNotice("");
      var files = photoInput ? Array.prototype.slice.call(photoInput.files || []) : [];
      for (var i = 0; i < files.length; i++) {
        if (cfg.maxBytes && files[i].size > cfg.maxBytes) {
          showNotice(say("too_big", "This photo is too big: {name}").replace("{name}", files[i].name));
          return;
        }
        if (!(await sniff(files[i]))) {
          showNotice(say("not_photo", "Not a photo: {name}").replace("{name}", files[i].name));
          return;
        }
      }
      var store = await storeReady;
      var photos = [];
      for (var j = 0; j < files.length; j++) {
        var photo = { client_id: newId(), name: files[j].name, type: files[j].type, sent: false };
        if (store.keepsBlobs) photo.blob = files[j];
        else photo.data = await dataUrlOf(files[j]);
        photos.push(photo);
      }
      var payload = payloadOf();
      var entry = {
        client_id: newId(),
        user: cfg.user,
        created_at: new Date().toISOString(),
        label: [payload.date, optionText("kind"), optionText("village")].filter(Boolean).join(" · "),
        payload: payload,
        photos: photos,
        activity_id: null,
        refused: "",
      };
      try {
        await store.put(entry);
      } catch (e) {
        showNotice(say("no_storage", "This phone cannot keep entries offline."));
        return;
      }
      resetForm();
      await render();
      if (navigator.onLine) {
        var confirmed = await flush(false);
        if (confirmed[entry.client_id]) {
          window.location.assign(cfg.detail.replace("/0/", "/" + confirmed[entry.client_id] + "/"));
          return;
        }
      }
      showNotice(say("saved_offline", "Saved on this phone. It will be sent when the connection is back."));
    } finally {
      if (button) button.disabled = false;
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var target = document.getElementById("fw-households");
    if (target && event.detail && event.detail.target === target) {
      target.innerHTML = "";
      var p = document.createElement("p");
      p.className = "muted";
      p.textContent = say("households_offline", "The households cannot be loaded offline.");
      target.appendChild(p);
    }
  });

  if (queueBox) {
    var sendNow = queueBox.querySelector("[data-queue-send]");
    if (sendNow) sendNow.addEventListener("click", function () { flush(true); });
  }
  window.addEventListener("online", function () { flush(false); });
  window.addEventListener("offline", function () { render(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") flush(false);
  });
  window.setInterval(function () { if (navigator.onLine) flush(false); }, RETRY_MS);
  render().then(function () { if (navigator.onLine) flush(false); });

  if (cfg.sw && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(cfg.sw, { scope: cfg.sw.replace(/[^/]*$/, "") }).catch(function () {
      /* the queue works without it; only opening the page offline needs it */
    });
  }
})();
