// A check-in desk's extras on the shared scanner page (the entrance, the townhall door):
// the live count of people checked in, refreshed every few seconds and after each scan,
// and a search by name or email for people without their code, with a one-tap check-in
// that goes through the scanner itself (scanner.js: its queue, nonce, endpoint and
// answer), so a tap made offline waits and is sent like any scan.
(function () {
  "use strict";
  var desk = document.querySelector("[data-desk]");
  var scanner = document.querySelector("[data-scanner]");
  if (!desk || !scanner) return;
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

  function setStatus(item, status, label, detail) {
    item.className = "desk-person desk-person--" + status;
    item.dataset.status = status;
    item.querySelector("[data-person-label]").textContent = label;
    var note = item.querySelector("[data-person-detail]");
    note.textContent = detail || "";
  }

  function checkIn(person, button) {
    button.disabled = true;
    button.textContent = text.checking;
    scanner.dispatchEvent(new window.CustomEvent("scanner:submit", { detail: { code: person.code } }));
  }

  // The people listed with this code (a tap, or anyone scanning their badge meanwhile).
  function listed(code) {
    return Array.prototype.filter.call(list.querySelectorAll("[data-person]"), function (item) {
      return item.dataset.code === code;
    });
  }
  scanner.addEventListener("scanner:answer", function (event) {
    var data = event.detail.answer || {};
    listed(event.detail.code).forEach(function (item) {
      setStatus(item, data.status, data.message || "", data.detail || "");
      var button = item.querySelector("button");
      if (!button) return;
      if (data.status === "recorded" || data.status === "already_recorded") button.remove();
      else {
        button.disabled = false;
        button.textContent = text.checkIn;
      }
    });
    if (data.status === "recorded") refreshCount();
  });
  scanner.addEventListener("scanner:waiting", function (event) {
    listed(event.detail.code).forEach(function (item) {
      item.querySelector("[data-person-detail]").textContent = text.queued;
    });
  });

  function render(people) {
    list.textContent = "";
    people.forEach(function (person) {
      var item = document.createElement("li");
      item.dataset.person = "";
      item.dataset.code = person.code;
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
        button.addEventListener("click", function () { checkIn(person, button); });
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

  refreshCount();
  window.setInterval(refreshCount, refreshMs);
})();
