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
