/* Portal behaviour, all optional: every page reads without it.
   - kiosk: return to the kiosk home after data-idle-seconds without a touch, key or scroll;
   - screen: show one item at a time, next every data-rotate-seconds;
   - static mirror: the large-type button toggles the class and remembers it in this browser. */
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
})();
