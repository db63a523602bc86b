// The warning before an idle time-out (WCAG 2.2.1; issue #20 item 6). Two minutes before this page's session would
// end (half the time when that is shorter) it asks the server how long is really left, since another tab may have
// kept the session alive; if little is left it opens a dialog with "Stay signed in". While the dialog is open it asks
// again every 20 seconds and when the count reaches zero, and says "signed out" only when the server says so: a
// network error or a busy server never signs anyone out early. What is typed on the page stays; a form sent after
// the time-out is kept through signing in again (server side).
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var left = dialog.querySelector(".timeout__left");
  var ended = dialog.querySelector(".timeout__ended");
  var stay = dialog.querySelector(".timeout__actions form");
  var idleText = dialog.querySelector(".timeout__idle");
  var absoluteText = dialog.querySelector(".timeout__absolute");
  var leadSeconds = Math.min(120, Math.floor(Number(dialog.getAttribute("data-idle")) / 2));
  var deadline = Date.now() + Number(dialog.getAttribute("data-remaining")) * 1000;
  var warnTimer = null;
  var tickTimer = null;
  var recheckTimer = null;
  var over = false;

  function words(seconds) {
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function secondsLeft() { return Math.max(0, Math.round((deadline - Date.now()) / 1000)); }

  function schedule() {
    clearTimeout(warnTimer);
    warnTimer = setTimeout(check, Math.max(0, deadline - leadSeconds * 1000 - Date.now()));
  }

  // The server's answer decides; on an error the local count goes on and the question is asked again later.
  function check() {
    clearTimeout(recheckTimer);
    fetch(dialog.getAttribute("data-remaining-path"), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    }).then(function (answer) {
      var seconds = Number(answer.seconds) || 0;
      deadline = Date.now() + seconds * 1000;
      if (seconds <= 0) { signedOut(); return; }
      if (seconds > leadSeconds + 5) {
        // Kept alive elsewhere (another tab): no warning now.
        if (dialog.open && !over) { clearTimeout(tickTimer); dialog.close(); }
        schedule();
        return;
      }
      warn(answer.renewable !== false);
    }, function () {
      if (secondsLeft() > 0) warn(true);
      recheckTimer = setTimeout(check, 20000);
    });
  }

  function warn(renewable) {
    if (over) return;
    // Near the end of the longest a sign-in lasts, staying active cannot help: say so, offer no button that can't.
    stay.hidden = !renewable;
    idleText.hidden = !renewable;
    absoluteText.hidden = renewable;
    if (!dialog.open) dialog.showModal();
    tick();
    clearTimeout(recheckTimer);
    recheckTimer = setTimeout(check, 20000);
  }

  function tick() {
    clearTimeout(tickTimer);
    var seconds = secondsLeft();
    left.textContent = words(seconds);
    if (seconds <= 0) { check(); return; }
    tickTimer = setTimeout(tick, 1000);
  }

  function signedOut() {
    if (over) return;
    over = true;
    clearTimeout(tickTimer);
    clearTimeout(warnTimer);
    clearTimeout(recheckTimer);
    Array.prototype.forEach.call(dialog.children, function (child) {
      if (child !== ended) child.hidden = true;
    });
    ended.hidden = false;
    dialog.setAttribute("aria-labelledby", "session-ended-title");
    dialog.removeAttribute("aria-describedby");
    if (!dialog.open) dialog.showModal();
    ended.querySelector("button").focus();
  }

  function stayHere() {
    fetch(stay.getAttribute("action"), {
      method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(stay)),
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    }).then(function (answer) {
      deadline = Date.now() + Number(answer.seconds) * 1000;
      clearTimeout(tickTimer);
      clearTimeout(recheckTimer);
      dialog.close();
      schedule();
    }, function () {
      // Signed out already, or the server did not answer: ask it which.
      check();
    });
  }

  stay.addEventListener("submit", function (event) {
    event.preventDefault();
    stayHere();
  });
  ended.querySelector("button").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("cancel", function (event) {
    // Escape is "Stay signed in" while there is time to stay, and "Close" after.
    if (!over && !stay.hidden) { event.preventDefault(); stayHere(); }
  });
  schedule();
})();
