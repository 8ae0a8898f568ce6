// The booth scanner: typed codes, keyboard-wedge scanners (code + Enter) and the
// camera all feed one queue kept in localStorage, so scans made offline survive a
// reload and are sent when the connection returns. Each scan carries a nonce and
// its scan time, so sending it twice never counts a visit twice.
(function () {
  "use strict";
  var root = document.querySelector("[data-scanner]");
  if (!root) return;
  var endpoint = root.dataset.endpoint;
  var storageKey = root.dataset.storageKey;
  var form = root.querySelector("[data-scan-form]");
  var input = form.querySelector("input[name=badge_code]");
  var result = root.querySelector("[data-scan-result]");
  var title = root.querySelector("[data-scan-title]");
  var visitor = root.querySelector("[data-scan-visitor]");
  var pending = root.querySelector("[data-pending]");
  var text = root.querySelector("[data-messages]").dataset;
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var flushing = false;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "[]");
    } catch (error) {
      return [];
    }
  }
  function save(queue) {
    window.localStorage.setItem(storageKey, JSON.stringify(queue));
    pending.textContent = queue.length ? text.pendingLabel + " " + queue.length : "";
    pending.dataset.count = String(queue.length);
  }
  function nonce() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function show(status, message, card) {
    result.className = "scan-result scan-result--" + status;
    title.textContent = message;
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

  function flush() {
    if (flushing) return;
    var queue = load();
    if (!queue.length) return;
    flushing = true;
    var scan = queue[0];
    fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(scan),
    })
      .then(function (response) {
        if (response.status >= 500) throw new Error("server");
        return response.json().then(function (data) {
          var rest = load().filter(function (item) { return item.nonce !== scan.nonce; });
          save(rest);
          show(data.status, text[data.status] || data.message, data.visitor);
          flushing = false;
          if (rest.length) flush();
        });
      })
      .catch(function () {
        flushing = false;
        show("offline", text.offline);
        save(load());
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
  flush();

  // The camera, where the browser can read QR codes itself.
  var cameraButton = root.querySelector("[data-camera]");
  var video = root.querySelector("[data-camera-view]");
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      var last = { code: "", at: 0 };
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        window.setInterval(function () {
          detector.detect(video).then(function (codes) {
            if (!codes.length) return;
            var code = codes[0].rawValue;
            if (code === last.code && Date.now() - last.at < 3000) return;
            last = { code: code, at: Date.now() };
            submitCode(code);
          });
        }, 300);
      });
    });
  }
})();
