// Adds and removes agenda sessions without reloading the page, and says so
// next to the button that was pressed (a live region, so screen readers hear
// it). Without this script the same forms post normally and the page comes
// back at the button's anchor with the same sentence beside it.
(function () {
  "use strict";
  var pageStatus = document.querySelector("[data-agenda-page-status]");

  function statusFor(form) {
    var control = form.closest(".agenda-control");
    return (control && control.querySelector("[data-agenda-status]")) || pageStatus;
  }

  function say(status, message, isWarning) {
    if (!status) return;
    // Clear others first, so only the latest confirmation is on screen.
    document.querySelectorAll("[data-agenda-status]").forEach(function (other) {
      if (other !== status) {
        other.textContent = "";
        other.classList.remove("agenda-status--warning");
      }
    });
    status.textContent = message;
    status.classList.toggle("agenda-status--warning", Boolean(isWarning));
  }

  // Filters are folded on phones; on a wide screen there is room to show them.
  var filters = document.querySelector("[data-programme-filters]");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 64rem)").matches) {
    filters.open = true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-agenda-form]") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button");
    var action = form.querySelector("input[name=action]");
    var status = statusFor(form);
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
          say(status, result.data.error || "", true);
          return;
        }
        var added = result.data.in_agenda;
        action.value = added ? "remove" : "add";
        button.setAttribute("aria-pressed", added ? "true" : "false");
        button.classList.toggle("is-added", added);
        button.textContent = added ? button.dataset.labelRemove : button.dataset.labelAdd;
        say(status, result.data.message, added && result.data.overlaps.length > 0);
      })
      .catch(function () {
        HTMLFormElement.prototype.submit.call(form);  // the network failed: fall back to a plain post
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
