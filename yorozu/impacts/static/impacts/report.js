// Draws the report charts from the json_script island; the tables on the page hold the same figures.
(function () {
  "use strict";
  var island = document.getElementById("impacts-chart");
  if (!island || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(island.textContent);
  var palette = ["#1d4e89", "#c2410c", "#15803d", "#7c3aed", "#0e7490", "#a16207", "#475569"];

  function datasets(series, stacked) {
    return series.map(function (s, i) {
      return {
        label: s.label, data: s.data, type: s.type || "bar",
        backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length],
        stack: stacked ? "live" : undefined, yAxisID: "y"
      };
    });
  }

  document.querySelectorAll("canvas[data-impacts-chart]").forEach(function (canvas) {
    var which = canvas.getAttribute("data-impacts-chart");
    var stacked = which === "live";
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets(data[which] || [], stacked) },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true,
          title: { display: true, text: stacked ? "稼働数" : "時間" } } }
      }
    });
  });
})();
