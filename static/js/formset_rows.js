/* 查询结果 on the liaison officer's answer form (templates/assistance/liaison/notice_detail.html):
   "add a row" for the Django formset, from the <template id="item-template"> on the page. Without
   JavaScript the three blank rows still work. Vanilla JS, no dependencies. */
(function () {
  "use strict";
  var add = document.querySelector("[data-item-add]");
  var body = document.querySelector("[data-item-rows]");
  var template = document.getElementById("item-template");
  var total = document.querySelector('input[name="items-TOTAL_FORMS"]');
  if (!add || !body || !template || !total) { return; }
  add.hidden = false;
  add.addEventListener("click", function () {
    var index = parseInt(total.value, 10) || 0;
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var row = body.lastElementChild;
    var first = row && row.querySelector("input");
    if (first) { first.focus(); }
  });
})();
