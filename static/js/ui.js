/* Small behaviours the templates ask for with data attributes, so that no page needs an inline
   script or event handler (the Content Security Policy allows only the site's own script files).
   Loaded on every page by templates/base.html. Vanilla JS, no dependencies.
     <select data-autosubmit>                    submits its form when the choice changes
     <input type="checkbox" data-select-all="S"> ticks or clears every checkbox matching selector S
     <button data-confirm="question">            asks before it submits; "Cancel" stops it */
(function () {
  "use strict";

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) select.form.submit();
    });
  });

  document.querySelectorAll("input[type=checkbox][data-select-all]").forEach(function (all) {
    var selector = all.getAttribute("data-select-all");
    all.addEventListener("change", function () {
      document.querySelectorAll(selector).forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });

  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
})();
