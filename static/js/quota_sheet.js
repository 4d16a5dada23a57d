// Live sum of the quota sheet: the split across the units directly below against the unit's own quota;
// and a warning before leaving the sheet with unsaved changes.
(function () {
  "use strict";
  var form = document.querySelector("form.quota-sheet");
  if (!form) { return; }
  var committee = form.querySelector("input[data-committee]");
  var cells = form.querySelectorAll("td.target-cell input");
  var total = document.getElementById("quota-total");
  var diff = document.getElementById("quota-diff");
  var number = new Intl.NumberFormat(document.documentElement.lang || "vi");
  // The sentences come translated from the page (data-* attributes of #quota-diff).
  function say(key, values) {
    return (diff.dataset[key] || "").replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function parse(input) {
    var text = input.value.trim();
    if (text === "") { return { ok: true, value: 0 }; }
    if (!/^\d+$/.test(text) || Number(text) < 1) { return { ok: false, value: 0 }; }
    return { ok: true, value: Number(text) };
  }

  function update() {
    var sum = 0;
    var bad = 0;
    cells.forEach(function (input) {
      var cell = parse(input);
      input.classList.toggle("bad", !cell.ok);
      if (cell.ok) { sum += cell.value; } else { bad += 1; }
    });
    total.textContent = number.format(sum);
    var own = committee ? parse(committee) : { ok: false, value: 0 };
    var text = "";
    var state = "";
    if (committee && committee.value.trim() !== "" && own.ok) {
      var gap = sum - own.value;
      state = gap === 0 ? "equal" : gap > 0 ? "over" : "under";
      text = say(state, { gap: number.format(Math.abs(gap)), own: number.format(own.value) });
    }
    if (bad > 0) { text += (text ? "; " : "") + say("bad", { count: bad }); state = "bad"; }
    diff.textContent = text;
    diff.dataset.state = state;
  }

  form.addEventListener("input", update);
  update();

  // A warning before leaving a sheet with unsaved changes: typed cells, or a sheet shown with inputs not
  // yet saved (last year's quotas copied in, a refused save).
  var dirty = form.dataset.dirty === "1";
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = form.dataset.unsaved || "";
    return event.returnValue;
  });
})();
