// The warning before an idle time-out (WCAG 2.2.1; issue #20 item 6). Two minutes before this page's session would
// end (half the time when that is shorter) it asks the server how long is really left, since another tab may have
// kept the session alive; if little is left it opens a dialog with "Stay signed in". When time runs out the dialog
// says so: what is typed on the page stays, and a form sent then is kept through signing in again (server side).
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var left = dialog.querySelector(".timeout__left");
  var ended = dialog.querySelector(".timeout__ended");
  var stay = dialog.querySelector(".timeout__actions form");
  var deadline = Date.now() + Number(dialog.getAttribute("data-remaining")) * 1000;
  var warnTimer = null;
  var tickTimer = null;
  var over = false;

  function lead(total) { return Math.min(120, Math.floor(total / 2)); }
  var leadSeconds = lead(Number(dialog.getAttribute("data-idle")));

  function words(seconds) {
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function schedule() {
    clearTimeout(warnTimer);
    warnTimer = setTimeout(check, Math.max(0, deadline - leadSeconds * 1000 - Date.now()));
  }

  function check() {
    fetch(dialog.getAttribute("data-remaining-path"), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : { seconds: 0 };
    }).then(function (answer) {
      var seconds = Number(answer.seconds) || 0;
      deadline = Date.now() + seconds * 1000;
      if (seconds <= 0) { signedOut(); } else if (seconds > leadSeconds + 5) { schedule(); } else { warn(); }
    }, function () { warn(); });
  }

  function warn() {
    if (!dialog.open) dialog.showModal();
    tick();
  }

  function tick() {
    clearTimeout(tickTimer);
    var seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (seconds <= 0) { signedOut(); return; }
    left.textContent = words(seconds);
    tickTimer = setTimeout(tick, 1000);
  }

  function signedOut() {
    if (over) return;
    over = true;
    clearTimeout(tickTimer);
    clearTimeout(warnTimer);
    Array.prototype.forEach.call(dialog.children, function (child) {
      if (child !== ended) child.hidden = true;
    });
    ended.hidden = false;
    dialog.setAttribute("aria-labelledby", "session-ended-title");
    if (!dialog.open) dialog.showModal();
    ended.querySelector("button").focus();
  }

  stay.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(stay.getAttribute("action"), {
      method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(stay)),
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error("signed out");
      return response.json();
    }).then(function (answer) {
      deadline = Date.now() + Number(answer.seconds) * 1000;
      clearTimeout(tickTimer);
      dialog.close();
      schedule();
    }).catch(signedOut);
  });
  ended.querySelector("button").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("cancel", function (event) {
    // Escape is "Stay signed in" while there is time, and "Close" after.
    if (!over) { event.preventDefault(); stay.requestSubmit(); }
  });
  schedule();
})();
