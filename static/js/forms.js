// Every form: a date box typed on a phone's number pad gets its slashes as the digits come ("19052023" ->
// "19/05/2023"), key by key or pasted; the server still judges the date. A date typed with its own slashes
// ("2/9/1999") is left as typed, and a slash typed right after one the box added is not doubled.
(function () {
  "use strict";
  function withSlashes(digits) {
    if (digits.length < 2) { return digits; }
    return digits.slice(0, 2) + "/" + digits.slice(2, 4) + (digits.length >= 4 ? "/" + digits.slice(4, 8) : "");
  }
  document.querySelectorAll("input.date").forEach(function (input) {
    input.addEventListener("input", function (event) {
      if (event.inputType && event.inputType.indexOf("delete") === 0) { return; }
      var value = input.value.replace(/\/{2,}/g, "/");
      if (!/^[\d/]*$/.test(value)) { return; }
      var ownSlashes = value.split("").some(function (c, i) { return c === "/" && i !== 2 && i !== 5; });
      input.value = ownSlashes ? value : withSlashes(value.replace(/\D/g, ""));
    });
  });
})();
