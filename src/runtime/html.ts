/**
 * A recorded run as one self-contained HTML page, in the spirit of
 * `go tool trace`'s goroutine view: one lane per task (pool workers each
 * their own), spans for when it was blocked, idle or running a job, markers
 * for closes and select choices, a chart of each pool's queue length and
 * busy workers under the lanes, on the same time axis. The wheel zooms
 * around the pointer, dragging pans, a double click shows the whole run.
 *
 * No external script, font or style: the page must open from a file, offline,
 * years later. The data is embedded as JSON and drawn as SVG by the page's
 * own script, which skips what is off screen and merges what is narrower than
 * a pixel, so a trace of many thousand spans stays responsive.
 */
import type { TraceData } from "./trace.js";

export function timelineHtml(data: TraceData, mermaidText: string, title: string): string {
  // JSON inside <script>: "<" escaped, so no "</script>" in a name can end the block.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>
  body { font: 13px/1.4 system-ui, sans-serif; margin: 16px; color: #222; background: #fff; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  .bar { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
  .key { display: inline-flex; align-items: center; gap: 4px; }
  .sw { width: 14px; height: 10px; display: inline-block; border-radius: 2px; }
  button { font: inherit; padding: 2px 10px; }
  #view { border: 1px solid #ccc; overflow: hidden; user-select: none; cursor: grab; }
  #view.drag { cursor: grabbing; }
  svg text { font: 11px system-ui, sans-serif; }
  pre { background: #f6f6f6; padding: 8px; overflow: auto; }
  #status { color: #555; min-width: 220px; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<div id="summary"></div>
<div class="bar">
  <button id="zin" title="zoom in">+</button><button id="zout" title="zoom out">&minus;</button><button id="reset" title="whole run">reset</button>
  <span class="key"><span class="sw" style="background:#cfe8cf"></span>running or runnable</span>
  <span class="key"><span class="sw" style="background:#2e8b57"></span>job (pool worker)</span>
  <span class="key"><span class="sw" style="background:#e4572e"></span>blocked</span>
  <span class="key"><span class="sw" style="background:#f2c14e"></span>sleep</span>
  <span class="key"><span class="sw" style="background:#bbb"></span>idle (waiting for a job)</span>
  <span class="key"><span class="sw" style="background:#7b2cbf"></span>close</span>
  <span class="key"><span class="sw" style="background:#1f77b4;border-radius:50%"></span>select choice</span>
  <span id="status"></span>
</div>
<div id="view"><svg id="svg" xmlns="http://www.w3.org/2000/svg"></svg></div>
<details><summary>mermaid graph of the run (values passed per edge)</summary><pre id="mermaid">${esc(mermaidText)}</pre></details>
<script id="data" type="application/json">${json}</script>
<script>
(function () {
  "use strict";
  var d = JSON.parse(document.getElementById("data").textContent);
  var svg = document.getElementById("svg"), view = document.getElementById("view"), status = document.getElementById("status");
  var LABEL = 170, LANE = 22, AXIS = 24, CHART = 90;
  var COLOR = { blocked: "#e4572e", sleep: "#f2c14e", idle: "#bbb", job: "#2e8b57" };
  // A job is drawn full height and what it waits on inside it, inset, so both show;
  // a sleep goes on top of a select that waits for the sleeper (the pool's timeout).
  var INSET = { job: 2, blocked: 6, sleep: 6, idle: 6 }, ORDER = { job: 0, idle: 1, blocked: 2, sleep: 3 };
  var end = Math.max(d.duration, 1e-3), v0 = 0, v1 = end;
  var lanes = d.tasks.slice().sort(function (a, b) { return (a.pool || 0) - (b.pool || 0) || a.id - b.id; });
  var row = {}; lanes.forEach(function (t, i) { row[t.id] = i; });
  var byTask = {}; d.spans.forEach(function (s) { (byTask[s.task] = byTask[s.task] || []).push(s); });
  Object.keys(byTask).forEach(function (k) { byTask[k].sort(function (a, b) { return ORDER[a.kind] - ORDER[b.kind] || a.from - b.from; }); });
  document.getElementById("summary").textContent = d.tasks.length + " tasks, " + d.channels.length + " channels, " +
    d.spans.length + " spans, " + d.marks.length + " markers over " + fmt(end) + (d.dropped ? " (" + d.dropped + " events dropped)" : "");
  function fmt(ms) { return ms >= 1000 ? (ms / 1000).toFixed(2) + " s" : ms >= 1 ? ms.toFixed(1) + " ms" : (ms * 1000).toFixed(0) + " µs"; }
  function esc(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;"); }
  function width() { return Math.max(view.clientWidth, 400); }
  function x(t, w) { return LABEL + ((t - v0) / (v1 - v0)) * (w - LABEL - 8); }
  function render() {
    var w = width(), h = AXIS + lanes.length * LANE + d.pools.length * (CHART + 20) + 10, out = [];
    svg.setAttribute("width", w); svg.setAttribute("height", h);
    // time axis
    var span = v1 - v0, step = Math.pow(10, Math.floor(Math.log10(span / 8)));
    if (span / step > 16) step *= 5; else if (span / step > 8) step *= 2;
    for (var t = Math.ceil(v0 / step) * step; t <= v1; t += step) {
      var tx = x(t, w);
      out.push('<line x1="' + tx + '" x2="' + tx + '" y1="' + (AXIS - 4) + '" y2="' + (h - 4) + '" stroke="#eee"/>');
      out.push('<text x="' + (tx + 2) + '" y="12" fill="#666">' + fmt(t) + '</text>');
    }
    lanes.forEach(function (task, i) {
      var y = AXIS + i * LANE;
      out.push('<rect class="lane" data-task="' + task.id + '" x="0" y="' + y + '" width="' + w + '" height="' + LANE + '" fill="' + (i % 2 ? "#fafafa" : "#fff") + '"/>');
      out.push('<text x="6" y="' + (y + 15) + '">' + esc(task.name) + '</text>');
      var s0 = Math.max(task.start, v0), s1 = Math.min(task.end === undefined ? end : task.end, v1);
      if (s1 > s0) out.push('<rect x="' + x(s0, w) + '" y="' + (y + 4) + '" width="' + Math.max(1, x(s1, w) - x(s0, w)) + '" height="' + (LANE - 8) + '" fill="#cfe8cf"/>');
      var last = {}, list = byTask[task.id] || [];
      for (var k = 0; k < list.length; k++) {
        var s = list[k];
        if (s.to < v0 || s.from > v1) continue;
        var a = x(Math.max(s.from, v0), w), b = x(Math.min(s.to, v1), w);
        if (b - a < 1) { if (last[s.kind] !== undefined && a - last[s.kind] < 1) continue; b = a + 1; }
        last[s.kind] = b;
        out.push('<rect class="span ' + s.kind + '" x="' + a + '" y="' + (y + INSET[s.kind]) + '" width="' + (b - a) + '" height="' + (LANE - 2 * INSET[s.kind]) + '" fill="' + COLOR[s.kind] + '"><title>' +
          esc(task.name + ": " + s.label + " (" + fmt(s.to - s.from) + ", at " + fmt(s.from) + ")") + '</title></rect>');
      }
    });
    d.marks.forEach(function (m) {
      if (m.at < v0 || m.at > v1 || row[m.task] === undefined) return;
      var mx = x(m.at, w), my = AXIS + row[m.task] * LANE;
      if (m.kind === "close") out.push('<path class="mark close" d="M' + (mx - 5) + ' ' + my + ' h10 l-5 8 z" fill="#7b2cbf"><title>' + esc(m.label + " at " + fmt(m.at)) + '</title></path>');
      else out.push('<circle class="mark select" cx="' + mx + '" cy="' + (my + LANE - 5) + '" r="3" fill="#1f77b4"><title>' + esc(m.label + " at " + fmt(m.at)) + '</title></circle>');
    });
    d.pools.forEach(function (p, j) {
      var top = AXIS + lanes.length * LANE + 14 + j * (CHART + 20), max = 1;
      p.samples.forEach(function (s) { max = Math.max(max, s[1], s[2]); });
      out.push('<text x="6" y="' + (top + 10) + '">pool ' + p.id + ' (max ' + max + ')</text>');
      out.push('<text x="6" y="' + (top + 26) + '" fill="#1f77b4">queued</text><text x="6" y="' + (top + 40) + '" fill="#ff7f0e">busy workers</text>');
      out.push('<rect x="' + LABEL + '" y="' + top + '" width="' + (w - LABEL - 8) + '" height="' + CHART + '" fill="none" stroke="#ddd"/>');
      [1, 2].forEach(function (col) {
        var pts = [], prev = null;
        p.samples.forEach(function (s) {
          var sx = x(Math.min(Math.max(s[0], v0), v1), w), sy = top + CHART - (s[col] / max) * (CHART - 4);
          if (prev !== null) pts.push(sx + "," + prev);
          pts.push(sx + "," + sy); prev = sy;
        });
        if (prev !== null) pts.push(x(v1, w) + "," + prev);
        out.push('<polyline class="chart" points="' + pts.join(" ") + '" fill="none" stroke="' + (col === 1 ? "#1f77b4" : "#ff7f0e") + '" stroke-width="1.5"/>');
      });
    });
    svg.innerHTML = out.join("");
  }
  function zoom(f, at) {
    var c = at === undefined ? (v0 + v1) / 2 : at, nv0 = c - (c - v0) * f, nv1 = c + (v1 - c) * f;
    if (nv1 - nv0 < 1e-4) return;
    v0 = Math.max(0, nv0); v1 = Math.min(end, nv1); if (v1 <= v0) { v0 = 0; v1 = end; }
    render();
  }
  function timeAt(px) { return v0 + ((px - LABEL) / (width() - LABEL - 8)) * (v1 - v0); }
  view.addEventListener("wheel", function (e) { e.preventDefault(); var r = view.getBoundingClientRect(); zoom(e.deltaY < 0 ? 0.8 : 1.25, timeAt(e.clientX - r.left)); }, { passive: false });
  var drag = null;
  view.addEventListener("mousedown", function (e) { drag = { x: e.clientX, v0: v0, v1: v1 }; view.classList.add("drag"); });
  window.addEventListener("mouseup", function () { drag = null; view.classList.remove("drag"); });
  view.addEventListener("mousemove", function (e) {
    var r = view.getBoundingClientRect(); status.textContent = "at " + fmt(Math.max(0, timeAt(e.clientX - r.left)));
    if (drag === null) return;
    var dt = ((e.clientX - drag.x) / (width() - LABEL - 8)) * (drag.v1 - drag.v0), len = drag.v1 - drag.v0;
    v0 = Math.min(Math.max(0, drag.v0 - dt), end - len); v1 = v0 + len; render();
  });
  view.addEventListener("dblclick", function () { v0 = 0; v1 = end; render(); });
  document.getElementById("zin").onclick = function () { zoom(0.5); };
  document.getElementById("zout").onclick = function () { zoom(2); };
  document.getElementById("reset").onclick = function () { v0 = 0; v1 = end; render(); };
  window.addEventListener("resize", render);
  window.gochanTrace = { data: d, zoom: zoom, view: function () { return [v0, v1]; } };
  render();
})();
</script>
</body>
</html>
`;
}
