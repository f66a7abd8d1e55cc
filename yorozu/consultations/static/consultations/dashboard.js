// Stacked bar chart of cases per fiscal year and stage, from the json_script island named by
// the canvas's data-chart-source. The same numbers are in the table below the chart.
(function () {
  "use strict";
  var palette = ["#0b4f8a", "#2f7bbf", "#5a9bd4", "#1d6b2e", "#5c9e31", "#8a5a00", "#4a4a4a", "#b07d2b", "#a4370f"];
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.stages.map(function (stage, i) {
          return { label: stage.label, data: stage.data, backgroundColor: palette[i % palette.length] };
        })
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  });
})();
