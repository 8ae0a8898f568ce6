// The registration form: "agree to all" for the consents, and the error summary's links.
// Progressive: without this script every consent box works on its own and the links still jump.
(function () {
  "use strict";

  function setUpAgreeAll() {
    var box = document.querySelector("[data-consent-all]");
    if (!box) return;
    var all = box.querySelector("input[type=checkbox]");
    var each = Array.prototype.slice.call(document.querySelectorAll("[data-consent-choice] input[type=checkbox]"));
    if (!all || each.length === 0) return;
    function sync() {
      all.checked = each.every(function (input) { return input.checked; });
    }
    all.addEventListener("change", function () {
      each.forEach(function (input) { input.checked = all.checked; });
    });
    each.forEach(function (input) { input.addEventListener("change", sync); });
    sync();
    box.hidden = false;
  }

  function setUpErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-focus-field]");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("data-focus-field"));
      if (!field) return;
      event.preventDefault();
      // Show the field's label or legend too, not only the input.
      var context = field.closest(".field, .consent, fieldset") || field;
      context.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
    summary.focus();
  }

  function start() {
    setUpAgreeAll();
    setUpErrorSummary();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
