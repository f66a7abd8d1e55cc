/* Public board enhancements, bound to data- attributes (no inline script: the CSP forbids it).
   - [data-budget-chart][data-source=ID]: a horizontal bar chart from the json_script island ID.
   - [data-filter-input=TABLE_ID]: filters the rows of a table (the static export's search page). */
(function () {
  "use strict";
  function yen(value) {
    var abs = Math.abs(value), sign = value < 0 ? "△" : "";
    if (abs >= 1e8) return sign + (abs / 1e8).toLocaleString("ja-JP", { maximumFractionDigits: 1 }) + "億円";
    if (abs >= 1e4) return sign + Math.round(abs / 1e4).toLocaleString("ja-JP") + "万円";
    return sign + abs.toLocaleString("ja-JP") + "円";
  }
  document.querySelectorAll("[data-budget-chart]").forEach(function (figure) {
    var island = document.getElementById(figure.dataset.source);
    var canvas = figure.querySelector("canvas");
    if (!island || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(island.textContent);
    var datasets = [{ label: data.year, data: data.values, backgroundColor: "#0b4f8a" }];
    if (data.previous.some(function (v) { return v !== null; })) {
      datasets.push({ label: data.previousYear, data: data.previous, backgroundColor: "#8a9299" });
    }
    figure.querySelector(".chart__canvas").style.height = Math.max(320, data.labels.length * 48) + "px";
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y", maintainAspectRatio: false, animation: false,
        scales: { x: { ticks: { callback: function (v) { return yen(v); } } } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + yen(c.raw); } } } }
      }
    });
  });
  document.querySelectorAll("[data-filter-input]").forEach(function (input) {
    var table = document.getElementById(input.dataset.filterInput);
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    input.addEventListener("input", function () {
      var words = input.value.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
      rows.forEach(function (row) {
        var text = row.cells[0].textContent.normalize("NFKC").toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  });
})();
