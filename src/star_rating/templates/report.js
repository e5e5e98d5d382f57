/* Sortable tables without a library: click a heading to sort by that column,
   click again to reverse. Cells may carry data-sort (a number for data-type="num"). */
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  function value(row, col, num) {
    var cell = row.cells[col];
    var v = cell ? cell.getAttribute("data-sort") : null;
    if (v === null) { v = cell ? cell.textContent.trim() : ""; }
    if (!num) { return v; }
    v = parseFloat(v);
    return isNaN(v) ? -Infinity : v;
  }
  function sort(table, th, col, num) {
    var body = table.tBodies[0];
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows).map(function (r) {
      return [value(r, col, num), +r.getAttribute("data-i"), r];
    });
    rows.sort(function (a, b) {
      var c = num ? a[0] - b[0] : String(a[0]).localeCompare(String(b[0]), lang);
      return (asc ? c : -c) || a[1] - b[1];
    });
    rows.forEach(function (r) { body.appendChild(r[2]); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r, i) {
      r.setAttribute("data-i", String(i));
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        sort(table, th, col, th.getAttribute("data-type") === "num");
      });
    });
  });
  document.documentElement.classList.add("js");
})();
