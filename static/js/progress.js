/* Follows a batch task: polls the JSON endpoint named by data-progress-url every second and moves
   the progress bar until the batch is finished. Vanilla JS, no dependencies (court networks are
   offline). Used by templates/documents/batch_detail.html, templates/assistance/court/network_query.html and
   templates/command/report_detail.html (data-running-text: what it says while the task runs). */
(function () {
  "use strict";
  var root = document.querySelector("[data-progress-url]");
  if (!root) return;
  // The bar's width as the page was rendered (data-percent, not a style attribute: the Content
  // Security Policy refuses inline styles; setting the property from a script file is allowed).
  var initial = document.getElementById("progress-bar");
  if (initial && initial.hasAttribute("data-percent")) {
    initial.style.width = (parseInt(initial.getAttribute("data-percent"), 10) || 0) + "%";
  }
  // Interface text comes from the djangojs catalogue (the templates load /jsi18n/ first).
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (fmt, obj) {
    return fmt.replace(/%\((\w+)\)s/g, function (_, key) { return String(obj[key]); });
  };
  var url = root.getAttribute("data-progress-url");
  var INTERVAL_MS = 1000;
  var failures = 0;

  function set(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }

  function render(p) {
    var bar = document.getElementById("progress-bar");
    if (bar) bar.style.width = p.percent + "%";
    var meter = root.querySelector('[role="progressbar"]');
    if (meter) meter.setAttribute("aria-valuenow", String(p.percent));
    set("progress-processed", p.processed);
    set("progress-total", p.total);
    set("progress-percent", p.percent);
    set("progress-done", p.done);
    set("progress-failed", p.failed);
    set("progress-status", p.finished ? gettext("Finished.") : p.status === "running" ? (root.getAttribute("data-running-text") || gettext("Making the documents…")) : gettext("Waiting to start…"));
    var list = document.getElementById("progress-errors");
    if (list) {
      list.textContent = "";
      (p.errors || []).forEach(function (e) {
        var li = document.createElement("li");
        li.textContent = interpolate(gettext("%(label)s: %(error)s"), { label: e.case_number, error: e.message }, true);
        list.appendChild(li);
      });
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (p) {
        failures = 0;
        render(p);
        if (p.finished) {
          root.classList.add("finished");
          // Reload once so the list of documents below shows what was made.
          if (!root.hasAttribute("data-finished-on-load")) window.location.reload();
          return;
        }
        window.setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () {
        failures += 1;
        set("progress-status", gettext("Progress is unavailable for the moment; trying again…"));
        window.setTimeout(poll, Math.min(INTERVAL_MS * Math.pow(2, failures), 30000));
      });
  }

  if (root.hasAttribute("data-finished-on-load")) return; // nothing to follow
  poll();
})();
