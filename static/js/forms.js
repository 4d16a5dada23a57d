// Every form: a date box typed on a phone's number pad gets its slashes as the digits come ("19052023" ->
// "19/05/2023"); the server still judges the date.
(function () {
  "use strict";
  document.querySelectorAll("input.date").forEach(function (input) {
    input.addEventListener("input", function (event) {
      if (event.inputType && event.inputType.indexOf("delete") === 0) { return; }
      var digits = input.value.replace(/\D/g, "");
      if (digits.length !== input.value.length) { return; }  // typed with slashes already: leave it
      if (digits.length >= 2) { input.value = digits.slice(0, 2) + "/" + digits.slice(2, 4) + (digits.length >= 4 ? "/" + digits.slice(4, 8) : ""); }
    });
  });
})();
