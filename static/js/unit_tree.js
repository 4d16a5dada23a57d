// The unit tree page: fold and unfold a unit's rows, and filter the shown rows by a part of a name typed
// without diacritics. Rows carry their unit's materialised path (data-path): a row's descendants are the
// rows whose path starts with it.
(function () {
  "use strict";
  var table = document.querySelector("table.tree");
  var tools = document.querySelector(".tree-tools");
  if (!table || !tools) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-path]"));
  var filter = document.getElementById("tree-filter");
  var count = document.getElementById("tree-filter-count");
  tools.hidden = false;

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  rows.forEach(function (row) { row.dataset.folded = fold(row.querySelector("td.name").textContent); });

  function collapsedAbove(row) {
    return rows.some(function (other) {
      var button = other.querySelector("button.fold");
      return other !== row && button && button.getAttribute("aria-expanded") === "false"
        && row.dataset.path.indexOf(other.dataset.path) === 0;
    });
  }
  function showFolding() {
    rows.forEach(function (row) { row.hidden = collapsedAbove(row); });
  }
  function setExpanded(button, expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
  }

  table.addEventListener("click", function (event) {
    var button = event.target.closest("button.fold");
    if (!button) { return; }
    setExpanded(button, button.getAttribute("aria-expanded") !== "true");
    showFolding();
  });
  tools.addEventListener("click", function (event) {
    var action = event.target.dataset && event.target.dataset.tree;
    if (!action) { return; }
    table.querySelectorAll("button.fold").forEach(function (button) { setExpanded(button, action === "expand"); });
    filter.value = "";
    count.textContent = "";
    showFolding();
  });
  filter.addEventListener("input", function () {
    var words = fold(filter.value).split(/\s+/).filter(Boolean);
    if (!words.length) { count.textContent = ""; showFolding(); return; }
    var shown = 0;
    var keep = new Set();
    rows.forEach(function (row) {
      if (words.every(function (word) { return row.dataset.folded.indexOf(word) !== -1; })) {
        shown += 1;
        keep.add(row);
        // Its units above stay visible, so the match is read in its place in the tree.
        rows.forEach(function (other) { if (row.dataset.path.indexOf(other.dataset.path) === 0) { keep.add(other); } });
      }
    });
    rows.forEach(function (row) { row.hidden = !keep.has(row); });
    count.textContent = shown ? shown + " / " + rows.length : table.dataset.emptyText;
  });

  // A long tree opens folded to the units directly under the chosen one.
  if (rows.length > 30) {
    table.querySelectorAll("button.fold").forEach(function (button) { setExpanded(button, false); });
    showFolding();
  }
})();
