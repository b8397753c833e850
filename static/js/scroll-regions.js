// A table that scrolls sideways in its .table-responsive box must be reachable with the
// keyboard (WCAG 2.1.1; axe "scrollable-region-focusable"): templates give the box
// tabindex="0", and this covers any that do not.
document.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (box) {
  "use strict";
  box.setAttribute("tabindex", "0");
});
