/* 立案 form: add and remove parties (Django formsets), and name the ID document by party kind.
   Plain JavaScript, no library: court networks are offline. */
(function () {
  "use strict";

  // Interface text comes from the djangojs catalogue (templates load /jsi18n/ first).
  var gettext = window.gettext || function (text) { return text; };
  var CREDIT_CODE = gettext("Unified social credit code");
  var ID_LABELS = { person: gettext("ID card number"), entity: CREDIT_CODE, organisation: CREDIT_CODE };

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
    var idInput = row.querySelector("[data-id-number]");
    var label = idInput && row.querySelector('label[for="' + idInput.id + '"]');
    if (label && label.firstChild) { label.firstChild.textContent = ID_LABELS[kind.value] || CREDIT_CODE; }
    var rep = row.querySelector("[data-legal-rep-wrap]");
    if (rep) {
      var isPerson = kind.value === "person";
      rep.hidden = isPerson;
      rep.querySelectorAll("input").forEach(function (input) { input.disabled = isPerson; });
    }
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
      if (event.target.matches("[data-party-kind]")) { syncKind(event.target.closest("[data-party-row]")); }
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
}());
