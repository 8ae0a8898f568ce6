// A check-in desk's extras on the shared scanner page (the entrance, the townhall door):
// the live count of people checked in, refreshed every few seconds and after each scan,
// and a search by name or email for people without their code, with a one-tap check-in
// that goes to the scanner's own endpoint (same rules, same nonce, same count).
(function () {
  "use strict";
  var desk = document.querySelector("[data-desk]");
  var scanner = document.querySelector("[data-scanner]");
  if (!desk || !scanner) return;
  var endpoint = scanner.dataset.endpoint;
  var csrf = scanner.querySelector("input[name=csrfmiddlewaretoken]").value;
  var text = desk.querySelector("[data-desk-messages]").dataset;
  var countNumber = desk.querySelector("[data-desk-count-number]");
  var countLabel = desk.querySelector("[data-desk-count-label]");
  var form = desk.querySelector("[data-desk-search]");
  var input = form.querySelector("input[name=q]");
  var message = desk.querySelector("[data-desk-message]");
  var list = desk.querySelector("[data-desk-results]");
  var refreshMs = parseInt(desk.dataset.refreshMs, 10) || 10000;
  var searchNumber = 0;
  var typing = null;

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      }
    );
  }

  function refreshCount() {
    getJson(desk.dataset.countUrl).then(function (answer) {
      if (!answer.ok || typeof answer.data.count !== "number") return;
      countNumber.textContent = String(answer.data.count);
      countLabel.textContent = answer.data.label || "";
      desk.dataset.count = String(answer.data.count);
    }).catch(function () {});
  }

  function nonce() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function setStatus(item, status, label, detail) {
    item.className = "desk-person desk-person--" + status;
    item.dataset.status = status;
    item.querySelector("[data-person-label]").textContent = label;
    var note = item.querySelector("[data-person-detail]");
    note.textContent = detail || "";
  }

  function checkIn(item, person, button) {
    button.disabled = true;
    button.textContent = text.checking;
    fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ badge_code: person.code, nonce: nonce(), scanned_at: new Date().toISOString() }),
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      if (!data || typeof data.status !== "string") throw new Error("unreadable");
      setStatus(item, data.status, data.message || "", data.detail || "");
      if (data.status === "created" || data.status === "duplicate") button.remove();
      else {
        button.disabled = false;
        button.textContent = text.checkIn;
      }
      refreshCount();
    }).catch(function () {
      button.disabled = false;
      button.textContent = text.checkIn;
      item.querySelector("[data-person-detail]").textContent = text.offline;
    });
  }

  function render(people) {
    list.textContent = "";
    people.forEach(function (person) {
      var item = document.createElement("li");
      item.dataset.person = "";
      var who = document.createElement("p");
      who.className = "desk-person__who";
      var name = document.createElement("strong");
      name.className = "desk-person__name";
      name.textContent = person.name;
      who.appendChild(name);
      var about = document.createElement("span");
      about.className = "desk-person__about";
      about.textContent = [person.organisation, person.email].filter(Boolean).join(" · ");
      who.appendChild(about);
      var state = document.createElement("p");
      state.className = "desk-person__state";
      var label = document.createElement("span");
      label.className = "desk-person__label";
      label.dataset.personLabel = "";
      var detail = document.createElement("span");
      detail.className = "desk-person__detail";
      detail.dataset.personDetail = "";
      state.append(label, " ", detail);
      var info = document.createElement("div");
      info.className = "desk-person__info";
      info.append(who, state);
      item.appendChild(info);
      setStatus(item, person.status, person.label, person.detail);
      if (person.status === "expected") {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button desk-person__check-in";
        button.textContent = text.checkIn;
        button.setAttribute("aria-label", text.checkIn + ": " + person.name);
        button.addEventListener("click", function () { checkIn(item, person, button); });
        item.appendChild(button);
      }
      list.appendChild(item);
    });
  }

  function search() {
    var query = input.value.trim();
    var mine = ++searchNumber;
    message.textContent = text.searching;
    getJson(desk.dataset.searchUrl + "?q=" + encodeURIComponent(query)).then(function (answer) {
      if (mine !== searchNumber) return; // a later search is on its way
      var data = answer.data || {};
      message.textContent = typeof data.message === "string" ? data.message : "";
      render(Array.isArray(data.results) ? data.results : []);
    }).catch(function () {
      if (mine === searchNumber) message.textContent = text.offline;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", function () {
    if (typing) window.clearTimeout(typing);
    if (input.value.trim().length < 2) return;
    typing = window.setTimeout(search, 300);
  });

  // Each answer the scanner shows may have let someone in: count again.
  var result = scanner.querySelector("[data-scan-result]");
  if (result && window.MutationObserver) {
    new window.MutationObserver(function () {
      if (result.dataset.status === "created") refreshCount();
    }).observe(result, { attributes: true, attributeFilter: ["data-status"] });
  }
  refreshCount();
  window.setInterval(refreshCount, refreshMs);
})();
