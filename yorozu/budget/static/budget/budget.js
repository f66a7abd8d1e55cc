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
  var PALETTE = ["#0b4f8a", "#b3471b", "#1d6b32", "#6b3fa0", "#8a6d00", "#a3224f", "#2b6f73", "#555555"];
  document.querySelectorAll("[data-trend-chart]").forEach(function (figure) {
    var island = document.getElementById(figure.dataset.source);
    var canvas = figure.querySelector("canvas");
    if (!island || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(island.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          // a year without a matching line is a gap (spanGaps false): breaks are shown, not bridged
          return { label: s.label, data: s.values, borderColor: PALETTE[i % PALETTE.length],
                   backgroundColor: PALETTE[i % PALETTE.length], spanGaps: false, tension: 0 };
        })
      },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: { y: { ticks: { callback: function (v) { return yen(v); } } } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + yen(c.raw); } } } }
      }
    });
  });
  // Treemap of the rows (squarified: Bruls, Huizing & van Wijk 2000). Made only by script, so it is
  // absent without JavaScript; every box is a link (or a focusable label) in table order.
  function squarify(values, x, y, w, h) {
    var total = values.reduce(function (a, b) { return a + b; }, 0), boxes = [], row = [], i = 0;
    var items = values.map(function (v, k) { return { k: k, area: v / total * w * h }; });
    function worst(r, side) {
      var s = r.reduce(function (a, b) { return a + b.area; }, 0), mx = 0, mn = Infinity;
      r.forEach(function (b) { mx = Math.max(mx, b.area); mn = Math.min(mn, b.area); });
      return Math.max(side * side * mx / (s * s), s * s / (side * side * mn));
    }
    function layout(r) {
      var s = r.reduce(function (a, b) { return a + b.area; }, 0), horizontal = w >= h, side = horizontal ? h : w;
      var thick = s / side, offset = 0;
      r.forEach(function (b) {
        var len = b.area / thick;
        boxes[b.k] = horizontal ? [x, y + offset, thick, len] : [x + offset, y, len, thick];
        offset += len;
      });
      if (horizontal) { x += thick; w -= thick; } else { y += thick; h -= thick; }
    }
    while (i < items.length) {
      var side = Math.min(w, h), next = row.concat([items[i]]);
      if (!row.length || worst(next, side) <= worst(row, side)) { row = next; i += 1; } else { layout(row); row = []; }
    }
    if (row.length) layout(row);
    return boxes;
  }
  document.querySelectorAll("[data-treemap-after]").forEach(function (anchor) {
    var island = document.getElementById(anchor.dataset.source);
    if (!island) return;
    var data = JSON.parse(island.textContent);
    var order = data.values.map(function (v, i) { return i; }).filter(function (i) { return data.values[i] > 0; });
    order.sort(function (a, b) { return data.values[b] - data.values[a]; });
    if (order.length < 2) return;
    var figure = document.createElement("figure");
    figure.className = "treemap";
    figure.setAttribute("data-treemap", "");
    var caption = document.createElement("figcaption");
    caption.textContent = anchor.dataset.caption;
    var area = document.createElement("ul");
    area.className = "treemap__area";
    var boxes = squarify(order.map(function (i) { return data.values[i]; }), 0, 0, 100, 100);
    order.forEach(function (i, n) {
      var li = document.createElement("li"), box = boxes[n], href = data.hrefs && data.hrefs[i];
      var item = document.createElement(href ? "a" : "span");
      if (href) item.href = href; else item.tabIndex = 0;
      item.className = "treemap__box treemap__box--" + (n % 6);
      item.textContent = data.labels[i] + " " + yen(data.values[i]);
      li.style.left = box[0] + "%"; li.style.top = box[1] + "%"; li.style.width = box[2] + "%"; li.style.height = box[3] + "%";
      li.appendChild(item);
      area.appendChild(li);
    });
    figure.appendChild(caption);
    figure.appendChild(area);
    anchor.appendChild(figure);
  });
  // the same folding as yorozu_core/budget/search.py: NFKC, lower case, katakana → hiragana
  function fold(text) {
    return text.normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    });
  }
  document.querySelectorAll("[data-filter-input]").forEach(function (input) {
    var table = document.getElementById(input.dataset.filterInput);
    var count = document.getElementById(input.dataset.filterCount || "");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var keys = rows.map(function (row) { return row.dataset.search || fold(row.cells[0].textContent); });
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean), shown = 0;
      rows.forEach(function (row, i) {
        row.hidden = !words.every(function (w) { return keys[i].indexOf(w) >= 0; });
        if (!row.hidden) shown += 1;
      });
      if (count) count.textContent = shown.toLocaleString("ja-JP") + "件";
    });
  });
})();
