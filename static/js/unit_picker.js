// Unit pickers (forms.UnitSearchSelect): Tom Select over the server's type-ahead (/don-vi/tim/). The page
// carries only the chosen unit; each keystroke asks for the matching valid units, already scoped, folded
// (no diacritics needed) and limited, each named with the units above it.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") { return; }
  document.querySelectorAll("select[data-unit-search]").forEach(function (select) {
    var levelFrom = select.dataset.levelFrom ? document.getElementById(select.dataset.levelFrom) : null;
    // Only the newest request's answer is shown, and none once a unit is chosen: an older one arriving late
    // (the list asked for on focus, after the typed query's) would replace the matches of what is typed now.
    var newest = 0;
    var chosen = 0; // the newest request when a unit was last chosen
    var picker = new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: null,
      preload: "focus",
      loadThrottle: 200,
      placeholder: select.dataset.placeholder,
      // The server has matched and ordered the units: show them all, as sent.
      score: function () { return function () { return 1; }; },
      load: function (query, callback) {
        var ticket = ++newest;
        var url = new URL(select.dataset.unitSearch, window.location.href);
        url.searchParams.set("q", query);
        if (levelFrom && levelFrom.value) { url.searchParams.set("level", levelFrom.value); }
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            if (ticket <= chosen) {
              // Asked before the unit was chosen: Tom Select still counts the answer, but may not reopen the
              // list over the choice (it opens it when an answer comes to a focused picker).
              var focused = picker.isFocused;
              picker.isFocused = false;
              callback();
              picker.isFocused = focused;
              return;
            }
            if (ticket !== newest) { callback(); return; }
            picker.clearOptions();
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + select.dataset.noResults + "</div>";
        }
      }
    });
    // A choice ends the search: an answer still on its way (to text typed just before Enter) would reopen
    // the list over the choice and take the keys meant for the next field.
    picker.on("item_add", function () { chosen = newest; });
    // Tom Select moves the label to its own box; the hidden select keeps a name for assistive technology.
    var labelledBy = picker.control_input.getAttribute("aria-labelledby");
    if (labelledBy) { select.setAttribute("aria-labelledby", labelledBy); }
    if (levelFrom) {
      levelFrom.addEventListener("change", function () {
        picker.clear();
        picker.clearOptions();
      });
    }
  });
})();
