/* Progressive enhancement only: the upload form works the same without it. A form with
   data-working shows its "Working…" note and disables its buttons once it is sent. */
document.querySelectorAll("form[data-working]").forEach(function (form) {
  form.addEventListener("submit", function () {
    var note = document.getElementById(form.dataset.working);
    if (note) { note.hidden = false; }
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  });
});
