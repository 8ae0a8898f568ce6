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
  // Statuses with their own colour; anything else the server says is shown as a refusal.
  var STATUSES = ["created", "duplicate", "unknown_badge", "cancelled", "not_registered_today", "not_staff",
    "malformed"];
  var flushing = false;
  var timer = null;

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
      { hour: "2-digit", minute: "2-digit" });
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
  function showAnswer(data) {
    var status = STATUSES.indexOf(data.status) >= 0 ? data.status : "refused";
    var message = typeof data.message === "string" ? data.message : "";
    // The page says what a new or repeated scan means here; other answers are the server's own words.
    var own = status === "created" || status === "duplicate" || status === "malformed" ? text[status] : "";
    var note = typeof data.detail === "string" ? data.detail : "";
    if (!note && data.errors && typeof data.errors === "object") {
      note = Object.keys(data.errors).map(function (field) { return String(data.errors[field]); }).join(" ");
    }
    if (!note && own && message && status !== "created" && status !== "duplicate") note = message;
    show(status, own || message || text.unreadable, note, data.visitor);
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
          if (response.status === 401 || response.status === 403) {
            // The sign-in (or the page's CSRF token) no longer holds: keep the scan until the person signs in again.
            show("signed-out", text.signedOut, typeof data.message === "string" ? data.message : "");
            return "offline";
          }
          remove(scan.nonce);
          showAnswer(data);
          return "answered";
        });
      },
      function () {
        show("offline", text.offline);
        return "offline";
      }
    ).catch(function () {
      // The answer broke off half-way: as good as no answer.
      show("offline", text.offline);
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

  function submitCode(code) {
    code = (code || "").trim();
    if (!code) return;
    var queue = load();
    queue.push({ badge_code: code, nonce: nonce(), scanned_at: new Date().toISOString() });
    save(queue);
    flush();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submitCode(input.value);
    input.value = "";
    input.focus();
  });
  window.addEventListener("online", flush);
  window.setInterval(flush, 15000);
  save(load());
  renderFailed(load(failedKey));
  flush();

  // The camera. Browsers with BarcodeDetector read the QR code themselves; others
  // send a frame now and then for the server to read (this needs the network).
  var cameraButton = root.querySelector("[data-camera]");
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
    });
  }
  function readOnServer() {
    if (!video.videoWidth) return;
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
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        if ("BarcodeDetector" in window) {
          var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          window.setInterval(function () { readInBrowser(detector); }, 300);
        } else {
          window.setInterval(readOnServer, 700);
        }
      });
    });
  }
})();
