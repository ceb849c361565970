/* Sorting and filtering of the comparison table (without scripts the table is complete
   and the filter form stays hidden), and every collapsed list opened for printing. */
(function () {
  "use strict";
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    closed.forEach(function (d) {
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) {
      d.open = false;
    });
  });

  var table = document.getElementById("comparison");
  var form = document.getElementById("filters");
  if (!table || !form) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var status = document.getElementById("filter-status");

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var keep = selects.every(function (s) {
        return s.value === "" || row.getAttribute("data-" + s.name) === s.value;
      });
      row.hidden = !keep;
      if (keep) {
        shown += 1;
      }
    });
    status.textContent = "Showing " + shown + " of " + rows.length + " episodes.";
  }

  function key(row, index) {
    var cell = row.cells[index];
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim().toLowerCase() : value;
  }

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (th.firstChild) {
      button.appendChild(th.firstChild);
    }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (h) {
        h.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, index);
        var y = key(b, index);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
      rows.forEach(function (row) {
        body.appendChild(row);
      });
    });
  });

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () {
    window.setTimeout(apply, 0);
  });
  apply();
})();
