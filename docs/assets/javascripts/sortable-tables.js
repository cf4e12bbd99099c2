/*
 * Sortable tables: a table right after a marker <span data-sortable-table hidden></span> (the
 * per-unit re-share rates on /reshares/) gets a button in each header cell. The first press
 * sorts ascending, the next descending; the header cell says which (aria-sort), so a screen
 * reader user hears it too. Rates sort by their number ("%67 (2/3)" → 67, "—" first), counts
 * as numbers, names in Turkish alphabet order. Without JavaScript the table stays as built.
 */
(function () {
  "use strict";

  function key(text) {
    var t = text.trim();
    var rate = t.match(/^%(\d+)/);
    if (rate) return [1, Number(rate[1])];
    if (t === "—") return [0, -1];
    if (/^\d+$/.test(t)) return [1, Number(t)];
    return [2, t];
  }

  function compare(a, b) {
    if (a[0] !== b[0]) return a[0] - b[0];
    if (typeof a[1] === "number") return a[1] - b[1];
    return String(a[1]).localeCompare(String(b[1]), "tr");
  }

  function sort(table, column, button) {
    var th = button.parentElement;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var headers = table.querySelectorAll("thead th");
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, index: index, key: key(row.cells[column].innerText) };
    });
    rows.sort(function (a, b) {
      return (ascending ? compare(a.key, b.key) : compare(b.key, a.key)) || a.index - b.index;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
  }

  function setUp(table) {
    if (table.hasAttribute("data-sortable")) return;
    table.setAttribute("data-sortable", "");
    var headers = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "intake-sort";
      button.textContent = th.textContent;
      button.title = "Bu sütuna göre sırala";
      button.addEventListener("click", function () { sort(table, column, button); });
      th.textContent = "";
      th.appendChild(button);
    });
  }

  function update() {
    var markers = document.querySelectorAll(".md-typeset [data-sortable-table]");
    for (var i = 0; i < markers.length; i++) {
      var next = markers[i].parentElement.tagName === "P"
        ? markers[i].parentElement.nextElementSibling
        : markers[i].nextElementSibling;
      var table = next && (next.tagName === "TABLE" ? next : next.querySelector("table"));
      if (table) setUp(table);
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(update);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
