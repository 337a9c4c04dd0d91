// Charts drawn from the JSON beside them; every chart has a table with the same figures.
const COLORS = { done: "#198754", open: "#0d6efd", late: "#dc3545" };

function stacked(el, rows) {
  const series = ["done", "open", "late"].map((key) => ({
    name: el.dataset["label" + key[0].toUpperCase() + key.slice(1)],
    type: "bar",
    stack: "tasks",
    itemStyle: { color: COLORS[key] },
    barMaxWidth: 36,
    data: rows.map((row) => row[key]),
  }));
  return {
    grid: { left: 8, right: 8, top: 30, bottom: 4, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "category", data: rows.map((row) => row.code) },
    yAxis: { type: "value", minInterval: 1 },
    series,
  };
}

function heatmap(el, data) {
  // Unit names take at most 40% of the width; a cell shows its number when it has room.
  const nameWidth = Math.min(220, el.clientWidth * 0.4);
  const cellWidth = (el.clientWidth - nameWidth) / Math.max(1, data.fields.length);
  return {
    grid: { left: 8, right: 8, top: cellWidth < 40 ? 96 : 76, bottom: 8, containLabel: true },
    tooltip: {
      formatter: (p) => `${data.units[p.value[1]]}<br>${data.names[p.value[0]]}: ${p.value[2]}%`,
    },
    xAxis: {
      type: "category", data: data.fields, position: "top", splitArea: { show: true },
      // Codes side by side need about 40 px each; narrower cells (a phone) turn them upright.
      axisLabel: { interval: 0, rotate: cellWidth < 40 ? 90 : data.fields.length > 12 ? 45 : 0, fontSize: 11 },
    },
    yAxis: {
      type: "category", data: data.units, inverse: true,
      axisLabel: { fontSize: 11, interval: 0, width: nameWidth, overflow: "truncate" },
    },
    visualMap: {
      min: 0, max: 100, orient: "horizontal", right: 0, top: 0, itemHeight: 120,
      text: ["100%", "0%"], calculable: true,
      inRange: { color: ["#f8d7da", "#fff3cd", "#d1e7dd", "#198754"] },
    },
    series: [{ type: "heatmap", data: data.values, label: { show: cellWidth >= 24 } }],
  };
}

function line(el, data) {
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 4, containLabel: true },
    tooltip: { trigger: "axis", valueFormatter: (v) => `${v}%` },
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{ type: "line", data: data.values, smooth: true, areaStyle: { opacity: 0.15 } }],
  };
}

// A percentage as the page's tables write it: "94,4%" in Vietnamese, "94.4%" in English.
const NUMBER = new Intl.NumberFormat(document.documentElement.lang || "vi", { maximumFractionDigits: 2 });
const percent = (value) => `${NUMBER.format(value)}%`;

function bars(el, data) {
  // Each bar is labelled with its code and name, the name cut to fit; the tooltip has it whole.
  // Percentages unless the data gives its own maximum (points: a PAPI total out of 80).
  const names = data.names || [];
  const labels = data.labels.map((code, i) => (names[i] ? `${code} ${names[i]}` : code));
  const points = data.max !== undefined;
  const shown = points ? (v) => NUMBER.format(v) : percent;
  return {
    grid: { left: 8, right: 48, top: 8, bottom: 4, containLabel: true },
    tooltip: {
      formatter: (p) => `${labels[p.dataIndex]}: ${shown(p.value)}`,
    },
    xAxis: {
      type: "value", min: 0, max: points ? data.max : 100,
      axisLabel: { formatter: points ? "{value}" : "{value}%" },
    },
    yAxis: {
      type: "category", data: labels, inverse: true,
      axisLabel: { width: Math.min(260, el.clientWidth * 0.45), overflow: "truncate" },
    },
    series: [{ type: "bar", data: data.values, itemStyle: { color: "#0b4a8b" }, barMaxWidth: 18,
               label: { show: true, position: "right", formatter: (p) => shown(p.value) } }],
  };
}

function trend(el, data) {
  // One line per series; a series' target, where it has one, as a dashed line of its colour.
  const shown = data.series.flatMap((s) => [...s.values, s.target]).filter((v) => v !== null);
  const low = Math.min(100, ...shown);
  const narrow = el.clientWidth < 576;
  return {
    grid: { left: 8, right: 16, top: narrow ? 64 : 40, bottom: 4, containLabel: true },
    legend: { top: 0, type: "scroll" },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : `${v}%`) },
    xAxis: { type: "category", data: data.labels, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: "value", max: 100, min: Math.max(0, Math.floor((low - 5) / 20) * 20),
      axisLabel: { formatter: "{value}%" },
    },
    series: data.series.map((s) => ({
      name: s.name,
      type: "line",
      data: s.values,
      symbolSize: 6,
      markLine: s.target === null ? undefined : {
        symbol: "none", silent: true, lineStyle: { type: "dashed" },
        label: { formatter: `${s.target}%`, position: "insideEndTop" },
        data: [{ yAxis: s.target }],
      },
    })),
  };
}

function grouped(el, data) {
  // Side-by-side bars per category (a unit's components against the province, last year).
  return {
    grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
    legend: { top: 0, type: "scroll" },
    tooltip: {
      trigger: "axis", axisPointer: { type: "shadow" },
      valueFormatter: (v) => (v === null || v === undefined ? "—" : `${v}%`),
    },
    xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0 } },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: data.series.map((s) => ({ name: s.name, type: "bar", data: s.values, barMaxWidth: 22 })),
  };
}

function ranks(el, data) {
  // A rank over the years: the best (1) at the top.
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 4, containLabel: true },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : v) },
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", inverse: true, min: 1, minInterval: 1 },
    series: [{ type: "line", data: data.values, symbolSize: 8, label: { show: true } }],
  };
}

const KINDS = { stacked, heatmap, line, bars, trend, grouped, ranks };

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".chart[data-source]").forEach((el) => {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    const empty = Array.isArray(data) ? !data.length : !(data.values || data.series || []).length;
    if (empty || !window.echarts) {
      el.classList.add("d-none");
      return;
    }
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ animation: false, ...KINDS[el.dataset.kind || "stacked"](el, data) });
    window.addEventListener("resize", () => chart.resize());
  });
});
