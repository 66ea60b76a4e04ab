/// The dashboard page served at `GET /dashboard`: one self-contained HTML document (inline CSS and
/// JavaScript, no external resource, works offline) that polls `/api/v1/dashboard` every 2 s and draws its
/// charts as SVG. JavaScript errors are written into `<pre id="js-errors">`, which the browser tests read.
/// What a service does not have (consumer lag and end-to-end latency on score-server) shows as "not
/// applicable".
enum DashboardPage {
    /// How often the page polls, in milliseconds (the issue allows at most every 2 s).
    static let pollMilliseconds = 2000

    /// The page of `service` (its name in the title and header; a plain name, not escaped).
    static func html(service: String) -> String {
        #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>\#(service) dashboard</title>
<style>
:root { --fg:#1d2733; --muted:#5c6b7a; --line:#d8dee6; --bg:#f4f6f9; --card:#fff;
        --ok:#2f9e62; --fail:#d0453a; --approved:#2f9e62; --review:#e0a21b; --declined:#d0453a; --bar:#3b6fd8; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; flex-wrap:wrap; gap:.5rem 1.5rem; align-items:baseline; padding:.8rem 1rem; background:#17212d; color:#fff; }
header h1 { font-size:1.15rem; margin:0; }
header .meta { color:#c6d0db; font-size:.85rem; }
#health { font-weight:600; padding:.1rem .5rem; border-radius:.3rem; background:#555; }
#health.ok { background:var(--ok); } #health.degraded { background:var(--review); } #health.unavailable, #health.shutting_down { background:var(--fail); }
main { display:grid; grid-template-columns:repeat(auto-fit, minmax(min(100%, 340px), 1fr)); gap:.8rem; padding:.8rem; }
section { background:var(--card); border:1px solid var(--line); border-radius:.5rem; padding:.7rem .9rem; min-width:0; }
section.wide { grid-column:1 / -1; }
h2 { font-size:.95rem; margin:0 0 .5rem; color:var(--muted); font-weight:600; }
.totals { display:flex; flex-wrap:wrap; gap:1rem 2rem; }
.num { font-size:1.9rem; font-weight:700; font-variant-numeric:tabular-nums; }
.label { color:var(--muted); font-size:.8rem; }
table { border-collapse:collapse; width:100%; font-size:.85rem; }
th, td { text-align:left; padding:.2rem .4rem; border-bottom:1px solid var(--line); vertical-align:top; }
td.n, th.n { text-align:right; font-variant-numeric:tabular-nums; }
.scroll { overflow-x:auto; }
.wallet { font-family:ui-monospace, Menlo, monospace; font-size:.8rem; word-break:break-all; }
svg { width:100%; height:auto; display:block; }
svg text { font-size:11px; fill:var(--muted); }
.legend span { display:inline-block; margin-right:.8rem; font-size:.8rem; }
.legend i { display:inline-block; width:.7rem; height:.7rem; margin-right:.25rem; border-radius:2px; vertical-align:middle; }
.d-APPROVED { color:var(--approved); font-weight:600; } .d-REVIEW { color:var(--review); font-weight:600; } .d-DECLINED { color:var(--declined); font-weight:600; }
.note { color:var(--muted); font-style:italic; }
#js-errors { color:var(--fail); white-space:pre-wrap; margin:0 1rem; }
#js-errors:empty, #conn:empty { display:none; }
#conn { background:#fff3cd; color:#7a5a00; padding:.3rem 1rem; }
form { display:flex; gap:.4rem; margin-bottom:.5rem; } input { flex:1; min-width:0; padding:.3rem; font:inherit; }
</style>
</head>
<body data-loaded="0">
<header>
  <h1>\#(service)</h1>
  <span id="health">…</span>
  <span class="meta">parameters <b id="parameters-id">–</b></span>
  <span class="meta">thresholds: <span id="threshold-store">–</span></span>
  <span class="meta">updated <span id="updated">–</span></span>
</header>
<div id="conn"></div>
<pre id="js-errors"></pre>
<main>
  <section class="wide">
    <h2>Totals</h2>
    <div class="totals">
      <div><div class="num" id="total-processed">–</div><div class="label">processed</div></div>
      <div><div class="num" id="successful-processed">–</div><div class="label">succeeded</div></div>
      <div><div class="num" id="failed-processed">–</div><div class="label">failed</div></div>
      <div><div class="num" id="rate-now">–</div><div class="label">messages/s (last 10 s)</div></div>
      <div><div class="num" id="risk-assessed">–</div><div class="label">risk-assessed</div></div>
    </div>
    <div class="label" id="health-reasons"></div>
  </section>
  <section class="wide">
    <h2>Messages per second, last 15 minutes (10-s buckets)</h2>
    <div class="legend"><span><i style="background:var(--ok)"></i>succeeded</span><span><i style="background:var(--fail)"></i>failed</span></div>
    <svg id="chart-throughput" viewBox="0 0 900 180" role="img" aria-label="messages per second"></svg>
  </section>
  <section class="wide">
    <h2>Decision mix over time</h2>
    <div class="legend"><span><i style="background:var(--approved)"></i>APPROVED</span><span><i style="background:var(--review)"></i>REVIEW</span><span><i style="background:var(--declined)"></i>DECLINED</span></div>
    <svg id="chart-decisions" viewBox="0 0 900 140" role="img" aria-label="decision mix"></svg>
    <p class="note" id="decisions-note"></p>
  </section>
  <section>
    <h2>final_score histogram</h2>
    <svg id="chart-scores" viewBox="0 0 420 170" role="img" aria-label="final_score histogram"></svg>
  </section>
  <section>
    <h2>Bot probability</h2>
    <svg id="chart-bots" viewBox="0 0 420 170" role="img" aria-label="bot probability distribution"></svg>
    <p class="note" id="bots-note"></p>
  </section>
  <section>
    <h2>Failures by error_code</h2>
    <table><thead><tr><th>error_code</th><th class="n">count</th></tr></thead><tbody id="failures"></tbody></table>
  </section>
  <section>
    <h2>Latency (ms)</h2>
    <table>
      <thead><tr><th></th><th class="n">p50</th><th class="n">p99</th></tr></thead>
      <tbody>
        <tr><td>scoring</td><td class="n" id="scoring-p50">–</td><td class="n" id="scoring-p99">–</td></tr>
        <tr><td>end to end</td><td class="n" id="latency-p50">–</td><td class="n" id="latency-p99">–</td></tr>
      </tbody>
    </table>
  </section>
  <section>
    <h2>Consumer lag per partition</h2>
    <table><thead><tr><th>topic</th><th class="n">partition</th><th class="n">position</th><th class="n">lag</th></tr></thead><tbody id="partitions"></tbody></table>
  </section>
  <section>
    <h2>Top risky wallets</h2>
    <p class="note" id="top-note">Appears when a results store is configured.</p>
    <table><tbody id="top"></tbody></table>
  </section>
  <section>
    <h2>Wallet lookup</h2>
    <form id="lookup-form"><input id="lookup-input" placeholder="0x… wallet address" autocomplete="off"><button>Look up</button></form>
    <p class="note" id="lookup-note">Appears when a results store is configured.</p>
    <svg id="chart-history" viewBox="0 0 420 150" role="img" aria-label="score history"></svg>
    <table><tbody id="lookup-reasons"></tbody></table>
  </section>
  <section class="wide">
    <h2>Last 50 results</h2>
    <div class="scroll"><table>
      <thead><tr><th>wallet</th><th class="n">final_score</th><th>decision</th><th>reasons</th></tr></thead>
      <tbody id="recent"></tbody>
    </table></div>
  </section>
</main>
<script>
"use strict";
(function () {
  var errors = document.getElementById("js-errors");
  function reportError(text) { errors.textContent += text + "\n"; }
  window.onerror = function (message, source, line, column) { reportError(message + " (" + source + ":" + line + ":" + column + ")"); };
  window.addEventListener("unhandledrejection", function (event) { reportError("unhandled rejection: " + event.reason); });

  var POLL_MS = \#(pollMilliseconds);
  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = { succeeded: "#2f9e62", failed: "#d0453a", APPROVED: "#2f9e62", REVIEW: "#e0a21b", DECLINED: "#d0453a", bar: "#3b6fd8" };
  function $(id) { return document.getElementById(id); }
  function text(id, value) { $(id).textContent = value; }
  function number(value) { return value === null || value === undefined ? "–" : String(value); }
  function ms(value) { return value === null || value === undefined ? "–" : Number(value).toFixed(3); }
  function el(name, attributes, content) {
    var node = name.indexOf("svg:") === 0 ? document.createElementNS(SVG, name.slice(4)) : document.createElement(name);
    for (var key in attributes) { node.setAttribute(key, attributes[key]); }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }
  function row(cells) {
    var tr = el("tr");
    cells.forEach(function (cell) { tr.appendChild(el("td", cell.cls ? { "class": cell.cls } : {}, cell.text)); });
    return tr;
  }

  // Stacked bars: one per bucket, `keys` stacked bottom-up, a y axis labelled with its maximum.
  function stacked(svg, buckets, keys, valueOf, unit) {
    clear(svg);
    // As wide as drawn (between 320 and 900 units): on a narrow window the labels keep their size.
    var drawn = svg.getBoundingClientRect().width;
    if (drawn > 0) { svg.setAttribute("viewBox", "0 0 " + Math.round(Math.max(320, Math.min(900, drawn))) + " " + svg.viewBox.baseVal.height); }
    var box = svg.viewBox.baseVal, left = 44, bottom = 18, top = 8;
    var width = box.width - left - 4, height = box.height - bottom - top;
    var max = 0;
    buckets.forEach(function (b) { var sum = 0; keys.forEach(function (k) { sum += valueOf(b, k); }); max = Math.max(max, sum); });
    var scale = max > 0 ? height / max : 0, step = width / Math.max(1, buckets.length);
    svg.appendChild(el("svg:line", { x1: left, y1: top + height, x2: left + width, y2: top + height, stroke: "#d8dee6" }));
    svg.appendChild(el("svg:text", { x: left - 4, y: top + 9, "text-anchor": "end" }, max > 0 ? (Math.round(max * 10) / 10) + unit : "0"));
    svg.appendChild(el("svg:text", { x: left - 4, y: top + height, "text-anchor": "end" }, "0"));
    buckets.forEach(function (b, i) {
      var y = top + height;
      keys.forEach(function (k) {
        var h = valueOf(b, k) * scale;
        if (h > 0) {
          y -= h;
          svg.appendChild(el("svg:rect", { x: left + i * step + 0.5, y: y, width: Math.max(1, step - 1), height: h, fill: COLORS[k] }));
        }
      });
    });
    if (buckets.length > 0) {
      var first = new Date(buckets[0].start * 1000), last = new Date(buckets[buckets.length - 1].start * 1000);
      svg.appendChild(el("svg:text", { x: left, y: box.height - 4 }, first.toLocaleTimeString()));
      svg.appendChild(el("svg:text", { x: left + width, y: box.height - 4, "text-anchor": "end" }, last.toLocaleTimeString()));
    }
  }

  // A histogram of a distribution document {edges, counts, upper}.
  function histogram(svg, distribution, digits) {
    clear(svg);
    var box = svg.viewBox.baseVal, left = 36, bottom = 18, top = 8;
    var width = box.width - left - 4, height = box.height - bottom - top;
    var counts = distribution.counts, max = Math.max.apply(null, counts.concat([0]));
    var step = width / counts.length, scale = max > 0 ? height / max : 0;
    svg.appendChild(el("svg:line", { x1: left, y1: top + height, x2: left + width, y2: top + height, stroke: "#d8dee6" }));
    svg.appendChild(el("svg:text", { x: left - 4, y: top + 9, "text-anchor": "end" }, String(max)));
    counts.forEach(function (count, i) {
      var h = count * scale;
      var bar = el("svg:rect", { x: left + i * step + 1, y: top + height - h, width: Math.max(1, step - 2), height: h, fill: COLORS.bar });
      bar.appendChild(el("svg:title", {}, distribution.edges[i].toFixed(digits) + "…: " + count));
      svg.appendChild(bar);
    });
    svg.appendChild(el("svg:text", { x: left, y: box.height - 4 }, distribution.lower.toFixed(digits)));
    svg.appendChild(el("svg:text", { x: left + width, y: box.height - 4, "text-anchor": "end" }, distribution.upper.toFixed(digits)));
  }

  function render(d) {
    var s = d.stats;
    text("total-processed", number(s.total_processed));
    text("successful-processed", number(s.successful_processed));
    text("failed-processed", number(s.failed_processed));
    text("risk-assessed", number(d.risk_assessed));
    var buckets = d.throughput.buckets;
    text("rate-now", buckets.length ? buckets[buckets.length - 1].per_second.toFixed(1) : "–");
    var health = $("health");
    health.textContent = d.health.status;
    health.className = d.health.status;
    text("health-reasons", d.health.reasons.join("; "));
    text("parameters-id", d.thresholds.parameters_id);
    text("threshold-store", d.thresholds.store + (d.thresholds.refresh_seconds ? " (every " + d.thresholds.refresh_seconds + " s)" : "")
      + (d.thresholds.refresh_problem ? " — refresh failing: " + d.thresholds.refresh_problem : ""));
    text("updated", new Date(d.generated_at * 1000).toLocaleTimeString());

    var seconds = d.throughput.bucket_seconds;
    stacked($("chart-throughput"), buckets, ["succeeded", "failed"], function (b, k) { return b[k] / seconds; }, "/s");
    stacked($("chart-decisions"), buckets, ["APPROVED", "REVIEW", "DECLINED"], function (b, k) { return b[k]; }, "");
    text("decisions-note", d.risk_assessed > 0 ? "" : "No result carries a risk decision yet (scoring runs without a bot model).");
    histogram($("chart-scores"), d.final_score, 0);
    histogram($("chart-bots"), d.bot_probability, 2);
    text("bots-note", d.risk_assessed > 0 ? "" : "No bot probability yet: results are not risk-assessed.");

    var failures = clear($("failures")), codes = Object.keys(s.failures_by_code).sort();
    codes.forEach(function (code) { failures.appendChild(row([{ text: code }, { text: String(s.failures_by_code[code]), cls: "n" }])); });
    if (codes.length === 0) { failures.appendChild(row([{ text: "none", cls: "note" }, { text: "0", cls: "n" }])); }

    text("scoring-p50", ms(s.processing_time_ms && s.processing_time_ms.p50));
    text("scoring-p99", ms(s.processing_time_ms && s.processing_time_ms.p99));
    // A service without a Kafka consumer (score-server) has no end-to-end latency and no lag.
    var endToEnd = "processing_latency_ms" in s;
    text("latency-p50", endToEnd ? ms(s.processing_latency_ms && s.processing_latency_ms.p50) : "n/a");
    text("latency-p99", endToEnd ? ms(s.processing_latency_ms && s.processing_latency_ms.p99) : "n/a");

    var partitions = clear($("partitions"));
    if (!Array.isArray(s.partitions)) {
      partitions.appendChild(row([{ text: "not applicable: \#(service) reads no Kafka topic", cls: "note" }]));
    } else {
      s.partitions.forEach(function (p) {
        partitions.appendChild(row([{ text: p.topic }, { text: String(p.partition), cls: "n" }, { text: number(p.position), cls: "n" }, { text: number(p.lag), cls: "n" }]));
      });
      if (s.partitions.length === 0) { partitions.appendChild(row([{ text: "no partition assigned", cls: "note" }])); }
    }

    var recent = clear($("recent"));
    d.recent.forEach(function (r) {
      var decision = r.decision || (r.outcome === "failure" ? r.error_code : "–");
      recent.appendChild(row([
        { text: r.wallet_address === null ? "(none)" : r.wallet_address, cls: "wallet" },
        { text: r.final_score === null ? "–" : r.final_score.toFixed(2), cls: "n" },
        { text: decision, cls: r.decision ? "d-" + r.decision : (r.outcome === "failure" ? "d-DECLINED" : "") },
        { text: r.reasons.join(", ") }]));
    });

    if (d.results_store !== null && !storeAvailable) {
      storeAvailable = true;
      text("top-note", "From " + d.results_store + ".");
      if (!looked) { text("lookup-note", "Enter a wallet address."); }
    }
    document.body.setAttribute("data-loaded", String(Number(document.body.getAttribute("data-loaded")) + 1));
  }

  var storeAvailable = false, looked = false;
  // A GET's status and JSON body; status 0 when the service cannot be reached (never a rejection, so
  // that any other error is a bug of the page and reaches #js-errors).
  function get(path) {
    return fetch(path, { cache: "no-store" }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }, function (error) { return { status: 0, body: { error: "cannot reach \#(service) (" + error + ")" } }; });
  }
  function reportRejection(error) { reportError((error && error.stack) || String(error)); }

  function refreshTop() {
    if (!storeAvailable) { return Promise.resolve(); }
    return get("/api/v1/dashboard/top").then(function (answer) {
      var top = clear($("top"));
      if (answer.status !== 200) { text("top-note", answer.body.error || ("HTTP " + answer.status)); return; }
      answer.body.items.forEach(function (r) {
        top.appendChild(row([{ text: number(r.wallet_address), cls: "wallet" },
                             { text: r.risk_score === null ? "–" : r.risk_score.toFixed(1), cls: "n" },
                             { text: number(r.decision), cls: r.decision ? "d-" + r.decision : "" }]));
      });
    });
  }

  function lookup(address) {
    looked = true;
    return get("/api/v1/dashboard/wallets/" + encodeURIComponent(address)).then(function (answer) {
      var svg = clear($("chart-history")), reasons = clear($("lookup-reasons"));
      if (answer.status !== 200) { text("lookup-note", answer.body.error || ("HTTP " + answer.status)); return; }
      var history = answer.body.history.slice().reverse();
      text("lookup-note", history.length + " stored result" + (history.length === 1 ? "" : "s") + "; latest decision: " + number(answer.body.latest.decision));
      var scores = history.map(function (h) { return h.final_score === null ? 0 : h.final_score; });
      var max = Math.max.apply(null, scores.concat([1])), box = svg.viewBox.baseVal;
      var points = scores.map(function (v, i) {
        var x = 30 + (box.width - 40) * (scores.length === 1 ? 0.5 : i / (scores.length - 1));
        return x.toFixed(1) + "," + (box.height - 20 - (box.height - 30) * v / max).toFixed(1);
      });
      svg.appendChild(el("svg:polyline", { points: points.join(" "), fill: "none", stroke: COLORS.bar, "stroke-width": 2 }));
      points.forEach(function (p) { var xy = p.split(","); svg.appendChild(el("svg:circle", { cx: xy[0], cy: xy[1], r: 3, fill: COLORS.bar })); });
      svg.appendChild(el("svg:text", { x: 26, y: 14, "text-anchor": "end" }, String(Math.round(max))));
      (answer.body.latest_reasons || []).forEach(function (reason) {
        reasons.appendChild(row([{ text: reason.rule || JSON.stringify(reason) }, { text: reason.outcome || "" }]));
      });
    });
  }
  $("lookup-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var address = $("lookup-input").value.trim();
    if (address) { lookup(address).catch(reportRejection); }
  });

  function poll() {
    get("/api/v1/dashboard").then(function (answer) {
      if (answer.status !== 200) {
        text("conn", (answer.body.error || "HTTP " + answer.status) + "; retrying every " + POLL_MS / 1000 + " s.");
        return;
      }
      text("conn", "");
      render(answer.body);
      return refreshTop();
    }).catch(reportRejection).then(function () { setTimeout(poll, POLL_MS); });
  }
  var wallet = new URLSearchParams(location.search).get("wallet");
  if (wallet) { $("lookup-input").value = wallet; }
  poll();
  if (wallet) { setTimeout(function () { lookup(wallet).catch(reportRejection); }, 0); }
})();
</script>
</body>
</html>
"""#
    }
}
