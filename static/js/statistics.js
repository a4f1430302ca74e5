/* Charts of the statistics page (Chart.js, served from static/vendor). The same
   figures are in the table below, for screen readers and printing. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var palette = ["#b71c1c", "#c9a227", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#5d4037", "#546e7a"];
    var years = document.getElementById("chart-years");
    if (years) {
      new window.Chart(years, {
        type: "bar",
        data: {
          labels: data.years,
          datasets: data.series.map(function (s, i) {
            return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] };
          })
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom" } }
        }
      });
    }
    var positions = document.getElementById("chart-positions");
    if (positions) {
      new window.Chart(positions, {
        type: "doughnut",
        data: {
          labels: data.positions.map(function (p) { return p.label; }),
          datasets: [{ data: data.positions.map(function (p) { return p.count; }), backgroundColor: palette }]
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } }
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
