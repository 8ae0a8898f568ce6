// Adds and removes agenda sessions without reloading the page. Without this
// script the same forms post normally and the page comes back.
(function () {
  "use strict";
  var status = document.querySelector("[data-agenda-status]");

  function say(message, isWarning) {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("agenda-status--warning", Boolean(isWarning));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-agenda-form]") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button");
    var action = form.querySelector("input[name=action]");
    var body = new FormData(form);
    button.disabled = true;
    // form.action would be the <input name="action">, which shadows the attribute.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: body,
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, status: response.status, data: data };
        });
      })
      .then(function (result) {
        if (result.status === 401) {
          window.location.href = "/accounts/login/?next=" + encodeURIComponent(window.location.pathname);
          return;
        }
        if (!result.ok) {
          say(result.data.error || "", true);
          return;
        }
        var added = result.data.in_agenda;
        action.value = added ? "remove" : "add";
        button.setAttribute("aria-pressed", added ? "true" : "false");
        button.classList.toggle("is-added", added);
        button.textContent = added ? button.dataset.labelRemove : button.dataset.labelAdd;
        say(result.data.message, added && result.data.overlaps.length > 0);
      })
      .catch(function () {
        HTMLFormElement.prototype.submit.call(form);  // the network failed: fall back to a plain post
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
