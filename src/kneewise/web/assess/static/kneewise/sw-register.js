// Offers Kneewise as an app on the home screen and shows a kind page when offline
// (assess/sw.js). Nothing else depends on it: without it the site works the same.
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }
})();
