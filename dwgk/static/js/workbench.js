/* Workbench conveniences (no inline scripts: the pages run under a Content-Security-Policy).
   Every form works without this file; it only fills and folds. */
(function () {
  "use strict";

  // 目录事项 → 公开类别 and a default 公开范围, from the option's data attributes.
  function fillFromItem(select) {
    var opt = select.options[select.selectedIndex];
    if (!opt || !opt.dataset) return;
    var form = select.form;
    var cat = form.querySelector("select[name=category]");
    if (cat && opt.dataset.category) cat.value = opt.dataset.category;
    if (opt.dataset.scope) {
      var scope = form.querySelector("select[name=scope]");
      if (scope) scope.value = opt.dataset.scope;
    }
  }

  // The nav menu below 768 px: a button toggles it (the list stays in the page for readers without JS).
  function navToggle() {
    var btn = document.querySelector("[data-nav-toggle]");
    var header = btn && btn.closest(".site-header");
    if (!btn || !header) return;
    btn.hidden = false;
    header.classList.add("nav-collapsible");
    btn.addEventListener("click", function () {
      var open = btn.getAttribute("aria-expanded") === "true";
      btn.setAttribute("aria-expanded", open ? "false" : "true");
      header.classList.toggle("nav-open", !open);
    });
    // One open group at a time; a click elsewhere closes it.
    document.addEventListener("click", function (e) {
      header.querySelectorAll(".main-nav details[open]").forEach(function (d) {
        if (!d.contains(e.target)) d.removeAttribute("open");
      });
    });
  }

  document.addEventListener("change", function (e) {
    if (e.target && e.target.matches && e.target.matches("select[data-fill-from-item]")) fillFromItem(e.target);
  });
  document.addEventListener("DOMContentLoaded", navToggle);
})();
