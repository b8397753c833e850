// A form with data-confirm="question" asks before it is sent (kept out of inline handlers so a
// strict Content-Security-Policy can forbid them). Without JavaScript the form is sent directly.
document.addEventListener("submit", function (event) {
  "use strict";
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
