/* Dashboard charts: reads the JSON the page embeds (#dashboard-data) and draws each .chart with the
   locally served ECharts. Every chart marks itself data-drawn="1" when its first frame is rendered. */
(function () {
  "use strict";
  var el = document.getElementById("dashboard-data");
  if (!el || !window.echarts) { return; }
  var d = JSON.parse(el.textContent);
  var dark = document.body.classList.contains("bigscreen");
  var text = dark ? "#e8ecf5" : "#222";
  var palette = ["#b50d0d", "#d9822b", "#3b6ea8", "#4f9a6a", "#8a5fb0", "#c4a000", "#5b6770", "#a83b6e",
                 "#2f8f9d", "#7a5230", "#9aa63b", "#666"];
  var base = { color: palette, textStyle: { color: text, fontFamily: "Noto Sans CJK SC, sans-serif" },
               tooltip: { trigger: "item", confine: true }, animation: !dark,
               grid: { left: 12, right: 16, bottom: 12, top: 56, containLabel: true } };
  // Category labels never overlap: long names are cut to `keep` characters (the tooltip and the axis
  // pointer show them whole) and a crowded axis is rotated; the grid makes room for what it draws.
  function shorten(keep) {
    return function (name) { return name.length > keep ? name.slice(0, keep) + "…" : name; };
  }
  function axis(names) {
    var longest = names.reduce(function (m, n) { return Math.max(m, String(n).length); }, 0);
    var crowded = names.length > 6 || names.length * longest > 36;
    return { type: "category", data: names,
             axisLabel: { color: text, interval: 0, rotate: crowded ? 40 : 0, formatter: shorten(crowded ? 6 : 8),
                          hideOverlap: false },
             axisPointer: { label: { show: true } } };
  }
  var value = { type: "value", axisLabel: { color: text }, splitLine: { lineStyle: { color: dark ? "#28345a" : "#eee" } } };
  var options = {
    months: { title: { text: d.year + "年每月公开事项", textStyle: { color: text } }, tooltip: { trigger: "axis" },
              xAxis: axis(d.months), yAxis: value, series: [{ type: "bar", name: "公开事项", data: d.per_month }] },
    categories: { title: { text: "按公开类别", textStyle: { color: text } },
                  series: [{ type: "pie", radius: ["32%", "58%"], center: ["50%", "56%"], data: d.by_category,
                             avoidLabelOverlap: true,
                             label: { color: text, formatter: function (p) { return shorten(8)(p.name); } },
                             labelLayout: { hideOverlap: true } }] },
    channels: { title: { text: "按公开方式", textStyle: { color: text } }, tooltip: { trigger: "axis" },
                xAxis: axis(d.by_channel.map(function (c) { return c.name; })), yAxis: value,
                series: [{ type: "bar", data: d.by_channel.map(function (c) { return c.value; }) }] },
    compliance: { title: { text: "下级组织合规情况（问题数）", textStyle: { color: text } }, tooltip: { trigger: "axis" },
                  legend: { top: 24, textStyle: { color: text } },
                  grid: { left: 12, right: 16, bottom: 12, top: 80, containLabel: true },
                  xAxis: axis(d.compliance.orgs), yAxis: value,
                  series: d.compliance.series.map(function (s) { return { type: "bar", stack: "p", name: s.name, data: s.data }; }) },
    handling: { title: { text: "办理用时分布", textStyle: { color: text } }, tooltip: { trigger: "axis" },
                legend: { top: 24, textStyle: { color: text } }, xAxis: axis(d.buckets), yAxis: value,
                series: [{ type: "bar", name: "意见反馈", data: d.feedback_days },
                         { type: "bar", name: "依申请公开", data: d.request_days }] }
  };
  document.querySelectorAll(".chart[data-chart]").forEach(function (node) {
    var chart = echarts.init(node, null, { renderer: "canvas" });
    chart.on("finished", function () { node.setAttribute("data-drawn", "1"); });
    var option = Object.assign({}, base, options[node.getAttribute("data-chart")]);
    // Tooltips drawn on the canvas: ECharts' HTML tooltips carry inline styles the CSP refuses.
    option.tooltip = Object.assign({}, option.tooltip, { renderMode: "richText" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
