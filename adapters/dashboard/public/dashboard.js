// The dashboard's enhancements, plain browser JavaScript (no build step; the CSP allows only files from
// /dashboard/assets). Charts: every canvas[data-chart] drawn with Chart.js (the global `Chart`, loaded before this
// file); the same numbers stand in a table next to it, so a page without script loses nothing. Deliveries: each
// broadcast still sending follows its event stream and updates its numbers and progress bar.

(() => {
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const locale = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";
  const numbers = new Intl.NumberFormat(locale);
  const colours = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c"];

  function drawCharts() {
    if (typeof window.Chart !== "function") return;
    for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
      let data;
      try {
        data = JSON.parse(canvas.dataset.chart);
      } catch {
        continue;
      }
      const horizontal = Boolean(data.horizontal);
      new window.Chart(canvas, {
        type: data.type,
        data: {
          labels: data.labels,
          datasets: data.series.map((series, i) => ({
            label: series.label,
            data: series.data,
            borderColor: colours[i % colours.length],
            backgroundColor: data.type === "bar" ? colours[i % colours.length] : "rgba(11, 83, 148, 0.15)",
            fill: data.type === "line",
            tension: 0.2,
          })),
        },
        options: {
          ...(reducedMotion ? { animation: false } : {}),
          responsive: true,
          maintainAspectRatio: false,
          indexAxis: horizontal ? "y" : "x",
          plugins: { legend: { display: data.series.length > 1 } },
          scales: {
            [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } },
          },
        },
      });
    }
  }

  function follow(section) {
    const url = section.dataset.events;
    if (!url || typeof window.EventSource !== "function") return;
    const source = new EventSource(url);
    const show = (progress) => {
      for (const field of ["total", "sent", "pending", "failed", "paused"]) {
        const cell = section.querySelector(`[data-field="${field}"]`);
        if (cell && typeof progress[field] === "number") cell.textContent = numbers.format(progress[field]);
      }
      const bar = section.querySelector('progress[data-field="progress"]');
      if (bar) {
        bar.max = Math.max(progress.total, 1);
        bar.value = progress.sent + progress.failed;
      }
    };
    const parse = (event) => {
      try {
        return JSON.parse(event.data);
      } catch {
        return undefined;
      }
    };
    source.addEventListener("progress", (event) => {
      const progress = parse(event);
      if (progress) show(progress);
    });
    source.addEventListener("done", (event) => {
      source.close();
      const progress = parse(event);
      if (progress) show(progress);
      const state = section.querySelector('[data-field="state"]');
      if (state) state.textContent = section.dataset.doneText || "";
      section.removeAttribute("data-events");
      // Failures appeared while it sent: the page shows them by reason and offers "resend to failed".
      if (progress && progress.failed > 0 && !section.querySelector("form.resend")) window.location.reload();
    });
  }

  function start() {
    drawCharts();
    for (const section of document.querySelectorAll("[data-broadcast][data-events]")) follow(section);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
