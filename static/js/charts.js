/* Draws the command centre's charts with the vendored ECharts (static/vendor/echarts, no CDN: court
   networks are offline). Each chart is an element with data-chart="<id of a json_script element>";
   the JSON is what command/charts.py returns: {kind: bars|hbars|lines|pie, title, categories,
   series:[{name, data}] | [{name, value}], money}. SVG renderer, so the charts stay sharp when the
   page is printed; the print stylesheet gives them a fixed width and they are resized before print.
   Styles are set through the CSSOM by ECharts, which the Content Security Policy allows. */
(function () {
  "use strict";
  if (!window.echarts) return;
  var charts = [];
  var PALETTE = ["#1f5fa8", "#c0392b", "#2e8b57", "#d4a017", "#6c3483", "#5d6d7e"];

  function yuan(value) {
    var n = Number(value);
    if (!isFinite(n)) return String(value);
    return "¥" + n.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function optionFor(spec) {
    var base = {
      color: PALETTE,
      animation: false, // printed and screenshotted: draw the final state at once
      title: { text: spec.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: spec.kind === "pie" ? "item" : "axis" },
      legend: { bottom: 0 },
      grid: { left: 60, right: 24, top: 40, bottom: 48, containLabel: true },
    };
    if (spec.kind === "pie") {
      base.series = [{
        type: "pie", radius: ["35%", "65%"], data: spec.series,
        label: { formatter: "{b}: {c} ({d}%)" },
      }];
      return base;
    }
    var horizontal = spec.kind === "hbars";
    var category = { type: "category", data: spec.categories };
    var value = { type: "value", minInterval: spec.money ? 0 : 1 };
    if (spec.money) {
      value.axisLabel = { formatter: yuan };
      base.tooltip.valueFormatter = yuan;
    }
    base.xAxis = horizontal ? value : category;
    base.yAxis = horizontal ? category : value;
    base.series = spec.series.map(function (s) {
      return {
        name: s.name, type: spec.kind === "lines" ? "line" : "bar", data: s.data,
        label: { show: !spec.money && spec.categories.length <= 12, position: horizontal ? "right" : "top" },
      };
    });
    return base;
  }

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(optionFor(spec));
    el.setAttribute("data-chart-ready", "1");
    charts.push(chart);
  });
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resizeAll);
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
