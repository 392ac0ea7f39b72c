/* Workbench behaviour loaded on every workbench page. No inline handlers (Content-Security-Policy):
   - org tree: a toggle with data-expand-on-load shows itself expanded once its children arrive. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (ev) {
    var el = ev.detail && ev.detail.elt;
    if (!el || !el.hasAttribute || !el.hasAttribute("data-expand-on-load") || !ev.detail.successful) { return; }
    el.setAttribute("aria-expanded", "true");
    el.textContent = "−";
  });
})();
