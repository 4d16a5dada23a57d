// The progress page of a background job (templates/core/job.html): asks the job's status every second and
// moves the bar; when the job has finished, the page is loaded again and shows (or sends to) its result.
// Without JavaScript the page reloads itself every two seconds instead (<noscript> refresh).
(function () {
  "use strict";
  var section = document.querySelector(".job[data-status-url]");
  if (!section) { return; }
  var bar = section.querySelector(".job-bar");
  var phase = section.querySelector(".job-phase");
  var count = section.querySelector(".job-count");
  var format = new Intl.NumberFormat(document.documentElement.lang || "vi");

  function show(status) {
    if (phase && status.phase) { phase.textContent = status.phase; }
    if (bar) {
      if (status.percent === null) { bar.removeAttribute("value"); } else { bar.value = status.percent; }
    }
    if (count && status.total) {
      count.textContent = format.format(status.done) + " / " + format.format(status.total) + " " + count.dataset.rows;
    }
  }

  function poll() {
    fetch(section.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (status) {
        if (status.finished) { window.location.reload(); return; }
        show(status);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
