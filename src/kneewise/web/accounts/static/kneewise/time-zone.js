// Sign-up: take the time zone from the browser, so the runner's days start at their midnight,
// and say so in plain words. Without JavaScript the page's own sentence (UTC) stays true.
(function () {
  "use strict";
  var field = document.querySelector('input[name="time_zone"]');
  var note = document.getElementById("time-zone-note");
  if (!field || !note || !window.Intl || !Intl.DateTimeFormat) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) {
    return;
  }
  field.value = zone;
  note.textContent =
    "Your days will follow your time zone, " + zone +
    ", so a morning check-in counts for that morning. You can change it in Settings.";
})();
