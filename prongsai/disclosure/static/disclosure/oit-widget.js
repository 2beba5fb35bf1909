/* Prongsai OIT widget for an agency's own website. The agency's page holds a placeholder
 *   <div data-prongsai-oit="(the year's feed.json address on the Prongsai server)"><a href="…">OIT</a></div>
 * and loads this file from the same Prongsai server with a deferred script tag (the staff OIT page shows
 * the exact snippet to paste).
 * Reads the public JSON feed (the only Prongsai address that allows other origins) and replaces the
 * placeholder's content with a plain list styled by the host site. Builds DOM nodes, never innerHTML,
 * so text from the feed cannot run as code. Without JavaScript the placeholder link still works. */
(function () {
  "use strict";

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }
    return node;
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : "#";
  }

  function render(box, feed) {
    var root = el("div", null, { "class": "prongsai-oit" });
    feed.groups.forEach(function (group) {
      var section = el("section");
      section.appendChild(el("h3", group.sub_indicator + " " + group.name_th));
      var list = el("ol");
      group.items.forEach(function (item) {
        var li = el("li");
        var title = el("a", item.code + " " + item.title_th, { href: safeUrl(item.url) });
        li.appendChild(title);
        if (item.evidence.length) {
          var ev = el("ul");
          item.evidence.forEach(function (e) {
            var eli = el("li");
            eli.appendChild(el("a", e.title, { href: safeUrl(e.url), rel: "noopener" }));
            ev.appendChild(eli);
          });
          li.appendChild(ev);
        }
        list.appendChild(li);
      });
      section.appendChild(list);
      root.appendChild(section);
    });
    box.textContent = "";
    box.appendChild(root);
  }

  function load(box) {
    var url = box.getAttribute("data-prongsai-oit");
    if (!url || !window.fetch) { return; }
    fetch(url, { credentials: "omit" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (feed) { render(box, feed); })
      .catch(function () { /* keep the placeholder link */ });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-prongsai-oit]"), load);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
