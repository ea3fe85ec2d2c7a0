/* 立案 form: add and remove parties (Django formsets), and name the ID document by party kind.
   Plain JavaScript, no library: court networks are offline. */
(function () {
  "use strict";

  // Interface text comes from the djangojs catalogue (templates load /jsi18n/ first).
  var gettext = window.gettext || function (text) { return text; };
  var CREDIT_CODE = gettext("Unified social credit code");
  var ID_LABELS = { person: gettext("ID card number"), entity: CREDIT_CODE, organisation: CREDIT_CODE };
  var DOC_LABELS = {
    ric: gettext("ID card number"),
    uscc: CREDIT_CODE,
    passport: gettext("Passport number"),
    hk_macao_permit: gettext("Permit number"),
    taiwan_permit: gettext("Permit number"),
    hmt_residence: gettext("Residence permit number")
  };

  function rowsOf(section) {
    return section.querySelectorAll("[data-party-list] > [data-party-row]");
  }

  // Rewrite prefix-N- (or prefix-__prefix__-) in names, ids and labels so rows count 0, 1, 2…
  function renumber(section) {
    var prefix = section.getAttribute("data-prefix");
    var pattern = new RegExp(prefix + "-(\\d+|__prefix__)-", "g");
    var rows = rowsOf(section);
    rows.forEach(function (row, index) {
      row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) { el.setAttribute(attr, value.replace(pattern, prefix + "-" + index + "-")); }
        });
      });
      var number = row.querySelector("[data-party-no]");
      if (number) { number.textContent = String(index + 1); }
      var remove = row.querySelector("[data-party-remove]");
      if (remove) { remove.hidden = rows.length <= 1; }
    });
    section.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]').value = String(rows.length);
  }

  function syncKind(row) {
    var kind = row.querySelector("[data-party-kind]");
    if (!kind) { return; }
    var idType = row.querySelector("[data-id-type]");
    if (idType && event_kind_changed(row, kind)) {
      // a person carries a personal document, an entity its credit code
      idType.value = kind.value === "person" ? "ric" : "uscc";
    }
    var idInput = row.querySelector("[data-id-number]");
    var label = idInput && row.querySelector('label[for="' + idInput.id + '"]');
    var text = idType ? (DOC_LABELS[idType.value] || gettext("Identity document number")) : (ID_LABELS[kind.value] || CREDIT_CODE);
    if (label && label.firstChild) { label.firstChild.textContent = text; }
    var note = row.querySelector("[data-id-note-wrap]");
    if (note && idType) { note.hidden = idType.value !== "other"; }
    var rep = row.querySelector("[data-legal-rep-wrap]");
    if (rep) {
      var isPerson = kind.value === "person";
      rep.hidden = isPerson;
      rep.querySelectorAll("input").forEach(function (input) { input.disabled = isPerson; });
    }
  }

  // The document follows the kind only when the kind itself changes (not when the page loads
  // with what the clerk chose, nor when the clerk picks another document).
  function event_kind_changed(row, kind) {
    var last = row.getAttribute("data-last-kind");
    row.setAttribute("data-last-kind", kind.value);
    return last !== null && last !== kind.value;
  }

  document.querySelectorAll("[data-party-section]").forEach(function (section) {
    var list = section.querySelector("[data-party-list]");
    var template = section.querySelector("template");
    var add = section.querySelector("[data-party-add]");
    add.hidden = false;
    add.addEventListener("click", function () {
      list.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(rowsOf(section).length)));
      renumber(section);
      var rows = rowsOf(section);
      var row = rows[rows.length - 1];
      syncKind(row);
      var first = row.querySelector("select, input");
      if (first) { first.focus(); }
    });
    list.addEventListener("change", function (event) {
      if (event.target.matches("[data-party-kind], [data-id-type]")) { syncKind(event.target.closest("[data-party-row]")); }
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-party-remove]");
      if (!button) { return; }
      button.closest("[data-party-row]").remove();
      renumber(section);
    });
    rowsOf(section).forEach(syncKind);
    renumber(section);
  });

  // After a refused filing: bring the first field with an error into view and put the cursor in
  // it (every error is listed at once; this is where to start). Without a field error (the
  // same-basis warning), the warning itself.
  var firstError = document.querySelector(".field.has-error input:not([type=hidden]), .field.has-error select, .field.has-error textarea");
  var target = firstError || document.querySelector("[data-duplicate-basis]") || document.querySelector("[data-error-summary]");
  if (target) {
    var details = target.closest("details");
    if (details) { details.open = true; }
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }
}());
