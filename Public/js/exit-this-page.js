// "Exit this page" (issue #13 item 8): hides the page at once and replaces it in the history with a neutral one, so
// the back button does not bring it back; Shift pressed three times within five seconds does the same.
(function () {
  "use strict";
  var link = document.querySelector(".exit-this-page__button");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.classList.add("exit-this-page--leaving");
    document.title = "Loading…";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var presses = 0;
  var timer = null;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = 0; return; }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 5000);
    if (presses >= 3) leave();
  });
})();
