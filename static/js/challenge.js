// The submission page refreshes its list by itself while files are queued or being scored.
// Without this script the page still works: reloading it shows the same statuses.
(function () {
  "use strict";
  var list = document.querySelector("[data-submissions][data-poll]");
  if (!list) return;
  var url = list.getAttribute("data-poll");
  var note = document.querySelector("[data-poll-status]");
  var delay = 3000;
  var maxDelay = 30000;

  function show(item) {
    var row = list.querySelector('[data-submission="' + item.id + '"]');
    if (!row) return false;
    row.className = row.className.replace(/submission--\w+/, "submission--" + item.status);
    row.querySelector("[data-status]").textContent = item.status_label;
    var score = row.querySelector("[data-score]");
    score.textContent = item.public_score === null ? "—" : Number(item.public_score).toFixed(5);
    var reason = row.querySelector("[data-reason]");
    reason.textContent = item.failure_reason || "";
    reason.hidden = !item.failure_reason;
    return true;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var known = data.submissions.every(show);
        if (!known) { window.location.reload(); return; }  // a teammate submitted: show the new row
        if (data.in_progress) {
          delay = 3000;
          window.setTimeout(poll, delay);
        } else if (note) {
          note.textContent = "";
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, maxDelay);  // offline or the server is busy: try again, less often
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
