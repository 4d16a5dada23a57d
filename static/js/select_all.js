// A header tick box with data-select-all="NAME" ticks or clears every box named NAME in its form.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-select-all]");
  if (!all) return;
  const form = all.closest("form");
  form.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});
