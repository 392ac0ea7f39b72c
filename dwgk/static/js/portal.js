/* Portal behaviour, all optional: every page reads without it.
   - kiosk: return to the kiosk home after data-idle-seconds without a touch, key or scroll;
   - screen: show one item at a time, next every data-rotate-seconds;
   - static mirror: the large-type and 字号 buttons set the class and are remembered in this browser;
   - print view: the 打印本页 button opens the browser's print dialog. */
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var home = body.getAttribute("data-home");
  if (idle > 0 && home) {
    var timer = null;
    var reset = function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () {
        if (location.pathname !== home) { location.href = home; } else { window.scrollTo(0, 0); reset(); }
      }, idle * 1000);
    };
    ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (ev) {
      window.addEventListener(ev, reset, { passive: true });
    });
    reset();
  }
  var rotate = parseInt(body.getAttribute("data-rotate-seconds") || "0", 10);
  var items = document.querySelectorAll(".screen-item");
  if (rotate > 0 && items.length > 1) {
    body.classList.add("rotating");
    var i = 0;
    setInterval(function () {
      items[i].classList.remove("current");
      i = (i + 1) % items.length;
      items[i].classList.add("current");
    }, rotate * 1000);
  }
  var toggle = document.querySelector("[data-large-type]");
  if (toggle) {
    var apply = function (on) {
      body.classList.toggle("large-type", on);
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.textContent = on ? "标准字号" : "大字模式";
    };
    var stored = false;
    try { stored = localStorage.getItem("dwgk_large") === "1"; } catch (e) { stored = false; }
    apply(stored);
    toggle.addEventListener("click", function () {
      var on = !body.classList.contains("large-type");
      try { localStorage.setItem("dwgk_large", on ? "1" : "0"); } catch (e) { /* private mode */ }
      apply(on);
    });
  }
  // 字号 大/中/小 in the static mirror (served pages use a cookie and need no script).
  var sizeButtons = document.querySelectorAll("[data-font-size]");
  if (sizeButtons.length) {
    var applySize = function (size) {
      body.classList.remove("fs-small", "fs-large");
      if (size === "small" || size === "large") { body.classList.add("fs-" + size); }
      sizeButtons.forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-font-size") === size ? "true" : "false");
      });
    };
    var storedSize = "medium";
    try { storedSize = localStorage.getItem("dwgk_fs") || "medium"; } catch (e) { storedSize = "medium"; }
    applySize(storedSize);
    sizeButtons.forEach(function (b) {
      b.addEventListener("click", function () {
        var size = b.getAttribute("data-font-size");
        try { localStorage.setItem("dwgk_fs", size); } catch (e) { /* private mode */ }
        applySize(size);
      });
    });
  }
  // Search filters fold away on a phone: open by default (readable without script), closed below the width.
  document.querySelectorAll("details[data-fold-below]").forEach(function (d) {
    if (window.innerWidth < parseInt(d.getAttribute("data-fold-below"), 10)) { d.removeAttribute("open"); }
  });
  var printButton = document.querySelector("[data-print]");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }
})();
