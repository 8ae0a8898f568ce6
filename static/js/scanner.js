// The shared badge scanner (booths, the entrance desk, the townhall door): typed
// codes, keyboard-wedge scanners (code + Enter) and the camera all feed one queue
// kept in localStorage, so scans made offline survive a reload and are sent when
// the connection returns. Each scan carries a nonce and its scan time, so sending
// it twice never counts it twice.
//
// Three things can happen to a send: an answer the page can read (recorded,
// refused, whatever the server decided: the scan leaves the queue); no answer at
// all (offline: the scan waits, and so does everything after it); or a server
// error or an unreadable answer (that scan alone waits, 1, 2, 4... times the base
// delay, while later scans go on; after the last try it moves to the list of scans
// not recorded, where staff retry or discard it with one tap).
//
// Every scanner endpoint answers the same JSON (common/scanning.py): a `status`
// from one vocabulary (recorded, already_recorded, not_found, not_expected,
// cancelled, malformed, forbidden, signed_out), the point's own `message`, and
// optionally `detail`, `person`, `record` (what was counted), `errors`, `extras`.
// This file is the one place that reads it; the desks' one-tap check-in
// (desk.js) scans through the same queue ("scanner:submit") and hears each
// answer ("scanner:answer") or that a scan waits ("scanner:waiting").
//
// A service worker keeps this page and its assets, so it opens and scans with no
// network, even after a reload. At booths, the visitor just scanned can be rated,
// tagged and noted with one tap each; those changes wait in their own queue, for the
// scan's visit when the scan itself is still waiting.
(function () {
  "use strict";
  var root = document.querySelector("[data-scanner]");
  if (!root) return;
  var endpoint = root.dataset.endpoint;
  var storageKey = root.dataset.storageKey;
  var failedKey = storageKey + "-failed";
  var baseDelay = parseInt(root.dataset.retryBaseMs, 10) || 2000;
  var maxTries = parseInt(root.dataset.maxTries, 10) || 5;
  var form = root.querySelector("[data-scan-form]");
  var input = form.querySelector("input[name=badge_code]");
  var result = root.querySelector("[data-scan-result]");
  var title = root.querySelector("[data-scan-title]");
  var detail = root.querySelector("[data-scan-detail]");
  var visitor = root.querySelector("[data-scan-visitor]");
  var pending = root.querySelector("[data-pending]");
  var failedSection = root.querySelector("[data-failed-scans]");
  var failedList = root.querySelector("[data-failed-list]");
  var text = root.querySelector("[data-messages]").dataset;
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  // The outcomes of every scanner endpoint, each with its own colour; anything else is shown as a refusal.
  var OUTCOMES = ["recorded", "already_recorded", "not_found", "not_expected", "cancelled", "malformed",
    "forbidden", "signed_out"];
  var flushing = false;
  var timer = null;
  var leadKey = storageKey + "-leads";
  var leadEndpoint = root.dataset.leadEndpoint || "";
  var leadPanel = root.querySelector("[data-lead-panel]");
  var currentLead = null; // { scan: nonce, visit: id or null, rating, tags } of the visitor on screen
  var leadFlushing = false;

  function load(key) {
    try {
      var items = JSON.parse(window.localStorage.getItem(key || storageKey) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (error) {
      return [];
    }
  }
  function save(queue) {
    window.localStorage.setItem(storageKey, JSON.stringify(queue));
    pending.textContent = queue.length ? text.pendingLabel + " " + queue.length : "";
    pending.dataset.count = String(queue.length);
  }
  function saveFailed(failed) {
    window.localStorage.setItem(failedKey, JSON.stringify(failed));
    renderFailed(failed);
  }
  function nonce() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function clock(iso) {
    var when = new Date(iso);
    return isNaN(when) ? "" : when.toLocaleTimeString(document.documentElement.lang || undefined,
      { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }

  function show(status, message, note, card) {
    result.className = "scan-result scan-result--" + status;
    result.dataset.status = status;
    title.textContent = message;
    detail.textContent = note || "";
    visitor.textContent = "";
    if (!card) return;
    if (!card.shared) {
      visitor.textContent = text.counted;
      return;
    }
    var lines = [card.name, card.organisation, card.category, (card.interests || []).join(", ")];
    if (card.open_to_job_offers) lines.push(text.interested);
    lines.filter(Boolean).forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      visitor.appendChild(p);
    });
  }
  function errorsOf(data) {
    if (!data.errors || typeof data.errors !== "object") return "";
    return Object.keys(data.errors).map(function (field) { return String(data.errors[field]); }).join(" ");
  }
  // The answer in the point's own words (the server's), with its detail or what was wrong.
  function showAnswer(data) {
    var status = OUTCOMES.indexOf(data.status) >= 0 ? data.status : "refused";
    var message = typeof data.message === "string" && data.message ? data.message : text.unreadable;
    var note = typeof data.detail === "string" && data.detail ? data.detail : errorsOf(data);
    show(status, message, note, data.person && typeof data.person === "object" ? data.person : null);
  }
  // Tells the desk (desk.js) what became of a scan: "scanner:answer" or "scanner:waiting".
  function tell(name, scan, data) {
    root.dispatchEvent(new window.CustomEvent(name, {
      detail: { code: scan.badge_code, nonce: scan.nonce, answer: data || null },
    }));
  }

  function renderFailed(failed) {
    failedList.textContent = "";
    failedSection.hidden = !failed.length;
    failedSection.dataset.count = String(failed.length);
    failed.forEach(function (scan) {
      var item = document.createElement("li");
      item.className = "scan-failed__item";
      item.dataset.failedItem = scan.nonce;
      var code = document.createElement("span");
      code.className = "scan-failed__code";
      code.id = "failed-" + scan.nonce;
      code.textContent = scan.badge_code;
      var about = document.createElement("span");
      about.className = "scan-failed__about";
      about.textContent = [clock(scan.scanned_at), scan.last_error].filter(Boolean).join(" · ");
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "button";
      retry.textContent = text.retry;
      retry.setAttribute("aria-describedby", code.id);
      retry.addEventListener("click", function () { retryFailed(scan.nonce); });
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button button--secondary";
      discard.textContent = text.discard;
      discard.setAttribute("aria-describedby", code.id);
      discard.addEventListener("click", function () { discardFailed(scan.nonce); });
      var buttons = document.createElement("span");
      buttons.className = "scan-failed__buttons";
      buttons.append(retry, discard);
      item.append(code, about, buttons);
      failedList.appendChild(item);
    });
  }
  function takeFailed(scanNonce) {
    var failed = load(failedKey);
    var scan = failed.filter(function (item) { return item.nonce === scanNonce; })[0];
    saveFailed(failed.filter(function (item) { return item.nonce !== scanNonce; }));
    input.focus();
    return scan;
  }
  function retryFailed(scanNonce) {
    var scan = takeFailed(scanNonce);
    if (!scan) return;
    delete scan.tries;
    delete scan.retry_at;
    delete scan.last_error;
    var queue = load();
    queue.push(scan);
    save(queue);
    flush();
  }
  function discardFailed(scanNonce) {
    takeFailed(scanNonce);
    forgetLeads(scanNonce);
  }

  function ready(scan) {
    return !scan.retry_at || scan.retry_at <= Date.now();
  }
  // Wakes the queue when the earliest scan waiting out its delay may be tried again.
  function schedule() {
    if (timer) window.clearTimeout(timer);
    timer = null;
    var waits = load().map(function (scan) { return scan.retry_at || 0; }).filter(Boolean);
    if (!waits.length) return;
    timer = window.setTimeout(function () {
      timer = null;
      flush();
    }, Math.max(0, Math.min.apply(null, waits) - Date.now()));
  }
  function remove(scanNonce) {
    var rest = load().filter(function (item) { return item.nonce !== scanNonce; });
    save(rest);
  }
  function serverTrouble(scan, reason) {
    var queue = load();
    var item = queue.filter(function (entry) { return entry.nonce === scan.nonce; })[0];
    if (!item) return;
    item.tries = (item.tries || 0) + 1;
    item.last_error = reason;
    var note = item.badge_code + " · " + reason;
    if (item.tries >= maxTries) {
      delete item.retry_at;
      save(queue.filter(function (entry) { return entry.nonce !== scan.nonce; }));
      var failed = load(failedKey);
      failed.push(item);
      saveFailed(failed);
      show("failed", text.failed, note);
      return;
    }
    item.retry_at = Date.now() + baseDelay * Math.pow(2, item.tries - 1);
    save(queue);
    show("retrying", text.retrying, note);
    tell("scanner:waiting", item);
  }

  // The sign-in (or the page's CSRF token) no longer holds: keep the scan until the person signs in again.
  function signedOut(scan, data) {
    show("signed_out", text.signedOut, errorsOf(data));
    tell("scanner:waiting", scan);
    return "offline";
  }
  // A scan this person may not make here waits under "Scans not recorded" (a manager may give the role back).
  function moveToFailed(scan, reason) {
    var item = load().filter(function (entry) { return entry.nonce === scan.nonce; })[0] || scan;
    delete item.retry_at;
    item.last_error = reason;
    remove(scan.nonce);
    var failed = load(failedKey);
    failed.push(item);
    saveFailed(failed);
  }

  function send(scan) {
    return fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ badge_code: scan.badge_code, nonce: scan.nonce, scanned_at: scan.scanned_at }),
    }).then(
      function (response) {
        return response.text().then(function (body) {
          var data = null;
          try {
            data = JSON.parse(body);
          } catch (error) {
            data = null;
          }
          if (response.status >= 500) {
            serverTrouble(scan, text.serverError + " (" + response.status + ")");
            return "trouble";
          }
          if (!data || typeof data !== "object" || typeof data.status !== "string") {
            serverTrouble(scan, text.unreadable + " (" + response.status + ")");
            return "trouble";
          }
          if (data.status === "forbidden") {
            moveToFailed(scan, typeof data.message === "string" ? data.message : "");
            showAnswer(data);
            tell("scanner:answer", scan, data);
            return "answered";
          }
          if (data.status === "signed_out" || response.status === 401 || response.status === 403) {
            return signedOut(scan, data);
          }
          remove(scan.nonce);
          showAnswer(data);
          scanAnswered(scan, data);
          tell("scanner:answer", scan, data);
          return "answered";
        });
      },
      function () {
        show("offline", text.offline);
        scanWaiting(scan);
        tell("scanner:waiting", scan);
        return "offline";
      }
    ).catch(function () {
      // The answer broke off half-way: as good as no answer.
      show("offline", text.offline);
      scanWaiting(scan);
      tell("scanner:waiting", scan);
      return "offline";
    });
  }

  // Sends the waiting scans one at a time, oldest first, skipping those waiting out a delay.
  function flush() {
    if (flushing) return;
    var scan = load().filter(ready)[0];
    if (!scan) {
      schedule();
      return;
    }
    flushing = true;
    send(scan).then(function (outcome) {
      flushing = false;
      if (outcome === "offline") schedule();
      else flush();
    });
  }

  var latestScan = null;
  function submitCode(code) {
    code = (code || "").trim();
    if (!code) return;
    var queue = load();
    queue.push({ badge_code: code, nonce: nonce(), scanned_at: new Date().toISOString() });
    save(queue);
    latestScan = queue[queue.length - 1].nonce;
    hideLead(); // until this scan's answer says who it is
    flush();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submitCode(input.value);
    input.value = "";
    input.focus();
  });
  // The desk's one-tap check-in: the same queue, nonce and answer as a scan.
  root.addEventListener("scanner:submit", function (event) {
    if (event.detail && typeof event.detail.code === "string") submitCode(event.detail.code);
  });
  window.addEventListener("online", flush);
  window.addEventListener("online", flushLeads);
  window.setInterval(flush, 15000);
  window.setInterval(flushLeads, 15000);
  save(load());
  renderFailed(load(failedKey));
  flush();

  // The visitor just scanned (booths): rating, tags and a note, one tap each. Each
  // change is its own entry in a queue kept on the phone, sent oldest first to the
  // scan's visit; a change made while the scan itself waits goes once the scan has
  // its visit, and is dropped if the scan turns out not to count (an unknown badge).
  function loadLeads() {
    return load(leadKey);
  }
  function saveLeads(entries) {
    window.localStorage.setItem(leadKey, JSON.stringify(entries));
    if (leadPanel) leadPanel.dataset.waiting = String(entries.length);
  }
  function forgetLeads(scanNonce) {
    saveLeads(loadLeads().filter(function (entry) { return entry.scan !== scanNonce; }));
    if (currentLead && currentLead.scan === scanNonce) hideLead();
  }
  function leadState(message, state) {
    if (!leadPanel) return;
    var line = leadPanel.querySelector("[data-lead-state]");
    line.textContent = message;
    line.dataset.state = state;
  }
  function hideLead() {
    currentLead = null;
    if (leadPanel) leadPanel.hidden = true;
  }
  function openLead(scanNonce, visitId, who) {
    if (!leadPanel) return;
    if (!currentLead || currentLead.scan !== scanNonce) {
      currentLead = { scan: scanNonce, visit: visitId, rating: null, tags: [] };
      leadPanel.querySelector("[data-lead-note]").value = "";
      leadPanel.querySelector("[data-lead-new-tag]").value = "";
      leadState("", "");
      paintLead();
    }
    if (visitId) currentLead.visit = visitId;
    leadPanel.querySelector("[data-lead-who]").textContent = who || "";
    leadPanel.dataset.scan = scanNonce;
    leadPanel.dataset.visit = currentLead.visit ? String(currentLead.visit) : "";
    leadPanel.hidden = false;
  }
  function paintLead() {
    leadPanel.querySelectorAll("[data-lead-rating]").forEach(function (button) {
      var on = currentLead && currentLead.rating !== null && Number(button.dataset.leadRating) <= currentLead.rating;
      button.setAttribute("aria-pressed", String(Boolean(currentLead) && Number(button.dataset.leadRating) === currentLead.rating));
      button.classList.toggle("is-on", Boolean(on));
    });
    leadPanel.querySelectorAll("[data-lead-tag]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(Boolean(currentLead) && currentLead.tags.indexOf(button.dataset.leadTag) >= 0));
    });
  }
  function addTagButton(tag) {
    var box = leadPanel.querySelector("[data-lead-tags]");
    var known = Array.prototype.some.call(box.querySelectorAll("[data-lead-tag]"), function (button) {
      return button.dataset.leadTag === tag;
    });
    if (known) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "scan-lead__tag";
    button.dataset.leadTag = tag;
    button.textContent = tag;
    button.setAttribute("aria-pressed", "false");
    box.appendChild(button);
  }
  function change(fields) {
    if (!currentLead) return;
    var entries = loadLeads();
    entries.push({ id: nonce(), scan: currentLead.scan, visit: currentLead.visit, changes: fields });
    saveLeads(entries);
    flushLeads();
  }
  function scanWaiting(scan) {
    if (leadEndpoint && scan.nonce === latestScan) openLead(scan.nonce, null, scan.badge_code);
  }
  function scanAnswered(scan, data) {
    if (!leadEndpoint) return;
    var visitId = data.record && typeof data.record.id === "number" ? data.record.id : null;
    if (!visitId) {
      forgetLeads(scan.nonce);
      if (scan.nonce === latestScan) hideLead(); // the panel is for the visitor just scanned, and there is none
      return;
    }
    var entries = loadLeads();
    entries.forEach(function (entry) { if (entry.scan === scan.nonce) entry.visit = visitId; });
    saveLeads(entries);
    var card = data.person || {};
    if (scan.nonce === latestScan || (currentLead && currentLead.scan === scan.nonce)) {
      openLead(scan.nonce, visitId, card.shared && card.name ? card.name : scan.badge_code);
      if (data.status === "already_recorded" || data.replayed) showSavedLead(scan.nonce, visitId);
    }
    flushLeads();
  }
  // A visitor scanned again: what the booth already noted shows, so a tap changes it rather than guessing.
  function showSavedLead(scanNonce, visitId) {
    fetch(leadEndpoint.replace("{visit}", String(visitId)), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.lead || !currentLead || currentLead.scan !== scanNonce) return;
        var waiting = loadLeads().some(function (entry) { return entry.scan === scanNonce; });
        if (waiting) return; // taps made meanwhile win
        currentLead.rating = typeof data.lead.rating === "number" ? data.lead.rating : null;
        currentLead.tags = Array.isArray(data.lead.tags) ? data.lead.tags.slice() : [];
        currentLead.tags.forEach(addTagButton);
        leadPanel.querySelector("[data-lead-note]").value = typeof data.lead.note === "string" ? data.lead.note : "";
        paintLead();
      })
      .catch(function () {});
  }
  function flushLeads() {
    if (!leadEndpoint || leadFlushing) return;
    var entry = loadLeads().filter(function (item) { return item.visit; })[0];
    if (!entry) {
      if (loadLeads().length) leadState(text.leadQueued, "queued");
      return;
    }
    leadFlushing = true;
    var mine = function () { return currentLead && currentLead.scan === entry.scan; };
    var drop = function () {
      saveLeads(loadLeads().filter(function (item) { return item.id !== entry.id; }));
    };
    fetch(leadEndpoint.replace("{visit}", String(entry.visit)), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(entry.changes),
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.ok && data) {
          drop();
          if (mine()) leadState(text.leadSaved, "saved");
          return true;
        }
        if (response.status >= 500 || !data || response.status === 401 || response.status === 403) {
          // The server's trouble, or a sign-in to renew: the change waits on the phone.
          if (mine()) leadState(text.leadQueued, "queued");
          return false;
        }
        drop();
        if (mine()) leadState(text.leadRefused + " " + (data.message || ""), "refused");
        return true;
      });
    }, function () {
      if (mine()) leadState(text.leadQueued, "queued");
      return false;
    }).then(function (goOn) {
      leadFlushing = false;
      if (goOn) flushLeads();
    });
  }
  if (leadPanel) {
    leadPanel.addEventListener("click", function (event) {
      var star = event.target.closest("[data-lead-rating]");
      var tag = event.target.closest("[data-lead-tag]");
      if (!currentLead) return;
      if (star) {
        var rating = Number(star.dataset.leadRating);
        currentLead.rating = currentLead.rating === rating ? null : rating; // a second tap takes it back
        paintLead();
        change({ rating: currentLead.rating });
      } else if (tag) {
        var name = tag.dataset.leadTag;
        var has = currentLead.tags.indexOf(name) >= 0;
        currentLead.tags = has ? currentLead.tags.filter(function (t) { return t !== name; }) : currentLead.tags.concat([name]);
        paintLead();
        change(has ? { remove_tags: [name] } : { add_tags: [name] });
      } else if (event.target.closest("[data-lead-save-note]")) {
        change({ note: leadPanel.querySelector("[data-lead-note]").value });
      }
    });
    leadPanel.querySelector("[data-lead-form]").addEventListener("submit", function (event) {
      event.preventDefault();
      var field = leadPanel.querySelector("[data-lead-new-tag]");
      var name = field.value.trim().replace(/\s+/g, " ").slice(0, 40);
      field.value = "";
      if (!name || !currentLead) return;
      addTagButton(name);
      if (currentLead.tags.indexOf(name) < 0) {
        currentLead.tags.push(name);
        change({ add_tags: [name] });
      }
      paintLead();
    });
    saveLeads(loadLeads());
    flushLeads();
  }

  // Offline use: the service worker keeps this page (per address) and its assets.
  var offlineReady = root.querySelector("[data-offline-ready]");
  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    navigator.serviceWorker.register(root.dataset.serviceWorker, { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          if (event.data && event.data.ok) {
            offlineReady.hidden = false;
            root.dataset.offline = "ready";
          }
        };
        registration.active.postMessage({ type: "keep-page", url: window.location.href }, [channel.port2]);
      })
      .catch(function () {});
  }

  // The camera. Browsers with BarcodeDetector read the QR code themselves; others
  // send a frame now and then for the server to read (this needs the network).
  // It starts by itself when the browser already allows it; otherwise one tap.
  var cameraButton = root.querySelector("[data-camera]");
  var cameraMessage = root.querySelector("[data-camera-message]");
  var video = root.querySelector("[data-camera-view]");
  var canvas = root.querySelector("[data-camera-frame]");
  var last = { code: "", at: 0 };
  function found(code) {
    if (!code || (code === last.code && Date.now() - last.at < 3000)) return;
    last = { code: code, at: Date.now() };
    submitCode(code);
  }
  function readInBrowser(detector) {
    detector.detect(video).then(function (codes) {
      if (codes.length) found(codes[0].rawValue);
    }).catch(function () {});
  }
  function readOnServer() {
    if (!video.videoWidth || !navigator.onLine) return;
    canvas.width = Math.min(video.videoWidth, 800);
    canvas.height = Math.round(canvas.width * video.videoHeight / video.videoWidth);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(function (blob) {
      var body = new FormData();
      body.append("frame", blob, "frame.jpg");
      fetch(root.dataset.decodeEndpoint, {
        method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf },
      })
        .then(function (response) { return response.json(); })
        .then(function (data) { found(data.code); })
        .catch(function () {});
    }, "image/jpeg", 0.8);
  }
  function cameraSays(state, message) {
    root.dataset.cameraState = state;
    cameraMessage.dataset.state = state;
    cameraMessage.textContent = message;
    cameraMessage.hidden = !message;
  }
  var reading = null;
  function startCamera() {
    cameraButton.disabled = true;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      cameraButton.hidden = true;
      cameraSays("on", text.cameraOn);
      var playing = video.play();
      if (playing && playing.catch) playing.catch(function () {});
      if (reading) return;
      if ("BarcodeDetector" in window) {
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        reading = window.setInterval(function () { readInBrowser(detector); }, 300);
      } else {
        reading = window.setInterval(readOnServer, 700);
      }
    }, function (error) {
      cameraButton.disabled = false;
      var name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
        cameraSays("refused", text.cameraRefused);
      } else if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
        cameraSays("missing", text.cameraMissing);
        cameraButton.hidden = true;
      } else {
        cameraSays("failed", text.cameraFailed);
      }
      input.focus();
    });
  }
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", startCamera);
    var asked = navigator.permissions && navigator.permissions.query
      ? navigator.permissions.query({ name: "camera" }) : Promise.reject(new Error("no Permissions API"));
    asked.then(function (status) {
      if (status.state === "granted") startCamera();
      else if (status.state === "denied") cameraSays("refused", text.cameraRefused);
      else cameraSays("ask", "");
    }, function () {
      cameraSays("ask", "");
    });
  } else {
    cameraSays("missing", text.cameraMissing);
  }
})();
