// Member form: start typing at the first field; with a batch prefilled, at the name.
(function () {
  "use strict";
  var first = document.querySelector("form.entry .has-error input, form.entry .has-error select")
    || document.getElementById("id_full_name");
  if (first) { first.focus(); }
})();
