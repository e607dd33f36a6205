/* Upload and confirm forms: one submission only. A second click would send the
   same version again and meet a conflict with the first (already saved). */
(function () {
  "use strict";
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
      form.setAttribute("aria-busy", "true");
    });
  });
})();
