/* Charts of the データ分析 pages, bound to data- attributes (no inline script: the CSP forbids it).
   [data-analysis-chart][data-source=ID]: draws the json_script island ID ({type, labels, datasets})
   with Chart.js; the same numbers are always in the table printed below the chart. */
(function () {
  "use strict";
  var COLOURS = ["#1f5fa8", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#0e7490", "#be123c", "#4b5563"];
  document.querySelectorAll("[data-analysis-chart]").forEach(function (figure) {
    var island = document.getElementById(figure.dataset.source);
    var canvas = figure.querySelector("canvas");
    if (!island || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(island.textContent);
    var horizontal = data.type !== "line";
    var datasets = data.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return { label: set.label, data: set.data, backgroundColor: colour, borderColor: colour, fill: false };
    });
    var rows = horizontal ? data.labels.length : 10;
    figure.querySelector(".chart__canvas").style.height = Math.max(240, rows * (data.type === "stacked" ? 40 : 28)) + "px";
    new Chart(canvas, {
      type: data.type === "line" ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x", maintainAspectRatio: false, animation: false,
        scales: data.type === "stacked" ? { x: { stacked: true, max: 100 }, y: { stacked: true } } : {},
        plugins: { legend: { display: datasets.length > 1 } }
      }
    });
  });
})();
