/* Behaviour the templates ask for with data- attributes, so that pages need no inline script or
   style attribute (the Content-Security-Policy allows neither). Loaded on every page by
   base.html. */
(function () {
  "use strict";

  function applyPercentWidths(root) {
    // <div class="progress-bar" data-percent="42">: the bar's width. Set through the CSSOM,
    // which the policy allows, where a style="width: 42%" attribute would be refused.
    root.querySelectorAll("[data-percent]").forEach(function (element) {
      var percent = Math.max(0, Math.min(100, parseFloat(element.dataset.percent) || 0));
      element.style.width = percent + "%";
    });
  }

  function confirmSubmits(root) {
    // <form data-confirm="Cancel this booking?">: asks before sending.
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) {
          event.preventDefault();
        }
      });
    });
  }

  function init() {
    applyPercentWidths(document);
    confirmSubmits(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
