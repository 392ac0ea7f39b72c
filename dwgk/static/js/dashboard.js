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
               tooltip: { trigger: "item" }, animation: !dark };
  function axis(names) { return { type: "category", data: names, axisLabel: { color: text, interval: 0, rotate: names.length > 8 ? 30 : 0 } }; }
  var value = { type: "value", axisLabel: { color: text }, splitLine: { lineStyle: { color: dark ? "#28345a" : "#eee" } } };
  var options = {
    months: { title: { text: d.year + "年每月公开事项", textStyle: { color: text } }, tooltip: { trigger: "axis" },
              xAxis: axis(d.months), yAxis: value, series: [{ type: "bar", name: "公开事项", data: d.per_month }] },
    categories: { title: { text: "按公开类别", textStyle: { color: text } },
                  series: [{ type: "pie", radius: ["35%", "65%"], data: d.by_category, label: { color: text } }] },
    channels: { title: { text: "按公开方式", textStyle: { color: text } }, tooltip: { trigger: "axis" },
                xAxis: axis(d.by_channel.map(function (c) { return c.name; })), yAxis: value,
                series: [{ type: "bar", data: d.by_channel.map(function (c) { return c.value; }) }] },
    compliance: { title: { text: "下级组织合规情况（问题数）", textStyle: { color: text } }, tooltip: { trigger: "axis" },
                  legend: { top: 24, textStyle: { color: text } }, grid: { top: 80 },
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
