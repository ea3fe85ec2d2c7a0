/* The 制作协助执行通知书 form on a case's 财产查控 page: offers only the actions the chosen agency
   carries out (assistance.rules.ACTIONS_BY_AGENCY, rendered into the page as JSON), and shows the
   asset and amount fields for 查封/扣押/冻结/扣划, the measure for 解除/续行, the transferee for
   转移登记. Convenience only: the service checks all of it again. Vanilla JS, no dependencies. */
(function () {
  "use strict";
  var form = document.getElementById("notice-form");
  var source = document.getElementById("assistance-action-map");
  if (!form || !source) return;
  var map;
  try {
    map = JSON.parse(source.textContent);
  } catch (e) {
    return;
  }
  var agency = form.querySelector('select[name="agency"]');
  var action = form.querySelector('select[name="action"]');
  var asset = form.querySelector('select[name="asset"]');
  if (!agency || !action) return;

  function allowedActions() {
    var kind = map.agencies[agency.value];
    return kind ? map.actions[kind] || [] : null; // null: no agency chosen, offer everything
  }

  function filterActions() {
    var allowed = allowedActions();
    var current = action.value;
    var keep = false;
    Array.prototype.forEach.call(action.options, function (option) {
      if (!option.value) return; // the "请选择" placeholder
      var ok = allowed === null || allowed.indexOf(option.value) !== -1;
      option.hidden = !ok;
      option.disabled = !ok;
      if (ok && option.value === current) keep = true;
    });
    if (!keep && current) action.value = "";
  }

  function group(actionValue) {
    if (map.measure_actions.indexOf(actionValue) !== -1) return "measure";
    if (map.target_actions.indexOf(actionValue) !== -1) return "target";
    if (map.transfer_actions.indexOf(actionValue) !== -1) return "transfer";
    return "";
  }

  function showFields() {
    var wanted = group(action.value);
    form.querySelectorAll("[data-show-for]").forEach(function (wrap) {
      var name = wrap.getAttribute("data-show-for");
      // A field that carries an error or a value stays visible whatever the action.
      var hasError = wrap.querySelector(".has-error") !== null;
      var input = wrap.querySelector("input, select, textarea");
      var filled = input && input.value && input.tagName !== "SELECT";
      wrap.hidden = !(name === wanted || hasError || filled);
    });
  }

  // Choosing an asset first picks the agency that holds it.
  function assetChosen() {
    var holder = map.asset_agencies[asset.value];
    if (holder && !agency.value) {
      agency.value = String(holder);
      filterActions();
    }
  }

  agency.addEventListener("change", function () {
    filterActions();
    showFields();
  });
  action.addEventListener("change", showFields);
  if (asset) asset.addEventListener("change", assetChosen);
  filterActions();
  showFields();
})();
