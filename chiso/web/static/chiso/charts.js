// Stacked bar of tasks per index (done / open / late); the table beside it holds the same data.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".chart[data-source]").forEach((el) => {
    const rows = JSON.parse(document.getElementById(el.dataset.source).textContent);
    if (!rows.length || !window.echarts) {
      el.classList.add("d-none");
      return;
    }
    const chart = echarts.init(el, null, { renderer: "svg" });
    const series = [
      ["done", "#198754"],
      ["open", "#0d6efd"],
      ["late", "#dc3545"],
    ].map(([key, color]) => ({
      name: el.dataset["label" + key[0].toUpperCase() + key.slice(1)],
      type: "bar",
      stack: "tasks",
      itemStyle: { color },
      barMaxWidth: 36,
      data: rows.map((row) => row[key]),
    }));
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 30, bottom: 4, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: rows.map((row) => row.code) },
      yAxis: { type: "value", minInterval: 1 },
      series,
    });
    window.addEventListener("resize", () => chart.resize());
  });
});
