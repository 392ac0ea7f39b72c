/* 正文 rich-text editing with Quill 2 (vendored under static/vendor/quill-2.0.3). The textarea stays the
   no-JavaScript fallback (plain text); with the editor, the form posts the editor's HTML as body_html and
   the server cleans it (nh3). Pasting from Word or WPS keeps only the formats listed here. */
(function () {
  "use strict";
  var FORMATS = ["bold", "italic", "underline", "strike", "header", "list", "blockquote", "link"];
  var LABELS = {
    "ql-bold": "加粗", "ql-italic": "斜体", "ql-underline": "下划线", "ql-strike": "删除线",
    "ql-blockquote": "引用", "ql-link": "链接", "ql-clean": "清除格式",
    "ql-header:2": "二级标题", "ql-header:3": "三级标题",
    "ql-list:ordered": "编号列表", "ql-list:bullet": "项目符号列表"
  };

  function label(button) {
    var cls = Array.prototype.find.call(button.classList, function (c) { return c.indexOf("ql-") === 0; });
    var key = button.value ? cls + ":" + button.value : cls;
    return LABELS[key] || LABELS[cls] || "格式";
  }

  function init(textarea) {
    if (!window.Quill) return;
    var holder = document.createElement("div");
    holder.className = "rich-editor";
    textarea.parentNode.insertBefore(holder, textarea);
    var quill = new window.Quill(holder, {
      theme: "snow",
      formats: FORMATS,
      modules: {
        toolbar: [[{ header: 2 }, { header: 3 }], ["bold", "italic", "underline", "strike"],
                  [{ list: "ordered" }, { list: "bullet" }], ["blockquote", "link"], ["clean"]]
      }
    });
    var html = textarea.getAttribute("data-rich-html");
    if (html) {
      quill.clipboard.dangerouslyPasteHTML(html);  // from our own sanitized store, not from a user
    } else if (textarea.value) {
      quill.setText(textarea.value);
    }
    var root = quill.root;
    root.setAttribute("role", "textbox");
    root.setAttribute("aria-multiline", "true");
    var lbl = document.querySelector("label[for='" + textarea.id + "']");
    root.setAttribute("aria-label", lbl ? lbl.textContent.replace("*", "").trim() : "正文");
    if (textarea.getAttribute("aria-describedby")) root.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    var toolbar = holder.previousElementSibling;
    if (toolbar && toolbar.classList.contains("ql-toolbar")) {
      toolbar.setAttribute("role", "toolbar");
      toolbar.setAttribute("aria-label", "正文格式");
      toolbar.querySelectorAll("button").forEach(function (b) {
        b.setAttribute("aria-label", label(b));
        b.setAttribute("title", label(b));
      });
    }
    textarea.hidden = true;
    textarea.required = false;
    textarea.removeAttribute("required");
    var hidden = textarea.form.querySelector("input[name=body_html]");
    if (!hidden) {
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "body_html";
      textarea.form.appendChild(hidden);
    }
    textarea.form.addEventListener("submit", function () {
      var text = quill.getText().trim();
      textarea.value = text;
      hidden.value = text ? quill.getSemanticHTML() : "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-rich-html]").forEach(init);
  });
})();
