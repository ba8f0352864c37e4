import { openSync, readSync, closeSync, rmSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { AuditRow } from './task.js';
import { isErrorRow } from './task.js';
import type { Digest, Verdict } from './digest.js';
import type { Counts, Totals } from './tally.js';
import { AtomicFile, BufferedFile } from './file.js';

export interface ReportHeading {
  input: string;
  /** e.g. "simple random sample of 200 (seed 7)", "shard 2/8" */
  notes: string[];
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// JSON inside <script>: no "</script>" or "<!--" can end it early
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

const VERDICT_COLOURS: Record<Verdict, string> = {
  supported: '#2e7d32', incomplete: '#ef6c00', 'not-documented': '#c62828', landmark: '#6a1b9a', 'no-needle': '#78909c', error: '#212121',
};

interface Bar {
  label: string;
  value: number;
  /** the failing part of value, drawn darker */
  part?: number;
  colour?: string;
}

/** A horizontal bar chart as inline SVG: no script, no library, no network. */
export function barChart(title: string, bars: Bar[], empty = 'no data'): string {
  const width = 560, labelW = 210, valueW = 110, rowH = 22;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const h = Math.max(1, bars.length) * rowH + 8;
  const rows = bars.map((b, i) => {
    const y = 4 + i * rowH;
    const w = ((width - labelW - valueW) * b.value) / max;
    const pw = b.part === undefined ? 0 : ((width - labelW - valueW) * b.part) / max;
    const text = b.part === undefined ? `${b.value}` : `${b.part} / ${b.value} (${Math.round((100 * b.part) / Math.max(1, b.value))}%)`;
    return `<g><title>${esc(b.label)}: ${esc(text)}</title><text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label)}</text>`
      + `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${b.part === undefined ? (b.colour ?? '#1565c0') : '#cfd8dc'}"/>`
      + (b.part === undefined ? '' : `<rect x="${labelW}" y="${y + 3}" width="${pw.toFixed(1)}" height="${rowH - 6}" fill="#c62828"/>`)
      + `<text x="${labelW + w + 6}" y="${y + 15}">${esc(text)}</text></g>`;
  });
  const body = bars.length ? rows.join('') : `<text x="10" y="18">${esc(empty)}</text>`;
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}">${body}</svg></figure>`;
}

/** The largest groups, the rest folded into one bar. */
function top(groups: Record<string, Counts>, n: number): Bar[] {
  const entries = Object.entries(groups);
  const bars = entries.slice(0, n).map(([label, c]) => ({ label, value: c.notes, part: c.failing }));
  const rest = entries.slice(n);
  if (rest.length) bars.push({ label: `${rest.length} more`, value: rest.reduce((s, [, c]) => s + c.notes, 0), part: rest.reduce((s, [, c]) => s + c.failing, 0) });
  return bars;
}

function charts(t: Totals): string {
  const months = Object.entries(t.byMonth);
  return [
    barChart('Verdicts', Object.entries(t.verdicts).filter(([, n]) => n > 0).map(([v, n]) => ({ label: v, value: n, colour: VERDICT_COLOURS[v as Verdict] }))),
    barChart('Failures by rule (notes where each error or warning rule fired)', Object.entries(t.rules).slice(0, 20).map(([label, value]) => ({ label, value, colour: '#c62828' })), 'no rule fired'),
    barChart('Failing notes by site', top(t.bySite, 15)),
    barChart('Failing notes by provider', top(t.byProvider, 15)),
    barChart('Failing notes by month', (months.length > 36 ? months.slice(-36) : months).map(([label, c]) => ({ label, value: c.notes, part: c.failing }))),
  ].join('\n');
}

/** What the page's table and findings panel need per note (no note text beyond the findings). */
function compact(row: AuditRow, d: Digest): Record<string, unknown> {
  const o: Record<string, unknown> = { n: d.record, id: d.id, v: d.verdict, e: d.errors, w: d.warnings, r: d.rules.join(' ') };
  const put = (k: string, v: unknown): void => {
    if (v !== null && v !== undefined && v !== '') o[k] = v;
  };
  put('p', d.provider);
  put('d', d.date);
  put('c', d.code);
  put('a', d.action);
  put('rc', d.recommendedCode);
  put('s', d.site);
  put('t', d.technique);
  put('m', d.modality);
  put('x', d.missing.join(' '));
  put('err', d.error);
  if (!isErrorRow(row) && row.messages.length) o.f = row.messages.map((m) => [m.line, m.column, m.severity, m.ruleId, m.message]);
  return o;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#212121;background:#fafafa}
header,main{max-width:1200px;margin:0 auto;padding:12px 20px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:18px 0 8px}
.muted{color:#616161}.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:10px 14px;min-width:130px}
.card b{display:block;font-size:22px}.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{background:#fff;border:1px solid #e0e0e0;border-radius:6px;margin:0;padding:8px}
figcaption{font-weight:600;margin-bottom:4px}svg text{font-size:12px;fill:#212121}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f5f5f5;position:sticky;top:0}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right}.v{font-weight:600}#findings{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:10px 14px}
#findings:empty{display:none}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}dt{color:#616161}dd{margin:0}.sev-error{color:#c62828}.sev-warning{color:#ef6c00}.sev-info{color:#1565c0}
.tools{display:flex;gap:10px;align-items:center;margin:8px 0}input[type=search]{padding:4px 8px;min-width:280px}
`;

// the page's script: sort, filter, page through the table and show one note's findings (#note-N)
const SCRIPT = `(function () {
  var rows = JSON.parse(document.getElementById('rows').textContent);
  var byRecord = new Map(rows.map(function (r) { return [r.n, r]; }));
  var cols = [['n', '#', 1], ['id', 'Note'], ['p', 'Provider'], ['d', 'Date'], ['v', 'Verdict'], ['c', 'Code'], ['a', 'Action'], ['s', 'Site'], ['e', 'Errors', 1], ['w', 'Warnings', 1], ['r', 'Rules']];
  var key = 'n', dir = 1, page = 0, size = 100, view = rows;
  var head = document.getElementById('head'), body = document.getElementById('body'), pager = document.getElementById('pager');
  var filter = document.getElementById('filter'), panel = document.getElementById('findings');
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function cmp(a, b) {
    var x = a[key], y = b[key];
    if (x === undefined) x = ''; if (y === undefined) y = '';
    return (x < y ? -1 : x > y ? 1 : 0) * dir || a.n - b.n;
  }
  function apply() {
    var q = filter.value.trim().toLowerCase();
    view = q ? rows.filter(function (r) { return [r.id, r.p, r.d, r.v, r.c, r.a, r.s, r.r].join(' ').toLowerCase().indexOf(q) >= 0; }) : rows.slice();
    view.sort(cmp);
    page = 0;
    render();
  }
  function render() {
    Array.prototype.forEach.call(head.children, function (th, i) { th.setAttribute('aria-sort', cols[i][0] === key ? (dir > 0 ? 'ascending' : 'descending') : 'none'); });
    body.textContent = '';
    view.slice(page * size, (page + 1) * size).forEach(function (r) {
      var tr = el('tr');
      cols.forEach(function (c) {
        var td = el('td', null, c[2] ? 'num' : '');
        if (c[0] === 'id') { var a = el('a', r.id); a.href = '#note-' + r.n; td.appendChild(a); }
        else td.textContent = r[c[0]] === undefined ? '' : r[c[0]];
        if (c[0] === 'v') td.className = 'v';
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var pages = Math.max(1, Math.ceil(view.length / size));
    pager.textContent = '';
    var prev = el('button', '‹ previous'), next = el('button', 'next ›');
    prev.disabled = page === 0; next.disabled = page >= pages - 1;
    prev.onclick = function () { page--; render(); }; next.onclick = function () { page++; render(); };
    pager.appendChild(prev); pager.appendChild(el('span', ' page ' + (page + 1) + ' of ' + pages + ' · ' + view.length + ' notes ')); pager.appendChild(next);
  }
  function show() {
    var m = /^#note-(\\d+)$/.exec(location.hash);
    var r = m && byRecord.get(Number(m[1]));
    panel.textContent = '';
    if (!r) return;
    panel.appendChild(el('h2', 'Findings: ' + r.id));
    var facts = [['record', r.n], ['verdict', r.v], ['provider', r.p], ['date', r.d], ['technique', r.t], ['modality', r.m], ['site', r.s], ['guidance code', r.c],
      ['missing elements', r.x], ['claim action', r.a], ['recommended code', r.rc], ['record error', r.err]];
    var dl = el('dl');
    facts.forEach(function (f) { if (f[1] === undefined) return; dl.appendChild(el('dt', f[0])); dl.appendChild(el('dd', f[1])); });
    panel.appendChild(dl);
    var list = el('ul');
    (r.f || []).forEach(function (f) {
      var li = el('li');
      li.appendChild(el('span', f[0] + ':' + f[1] + ' ' + f[2], 'sev-' + f[2]));
      li.appendChild(el('span', ' ' + f[4] + ' '));
      li.appendChild(el('code', f[3]));
      list.appendChild(li);
    });
    if (!r.f && !r.err) list.appendChild(el('li', 'no findings'));
    panel.appendChild(list);
    panel.scrollIntoView();
  }
  cols.forEach(function (c) {
    var th = el('th', c[1]);
    th.onclick = function () { if (key === c[0]) dir = -dir; else { key = c[0]; dir = 1; } view.sort(cmp); page = 0; render(); };
    head.appendChild(th);
  });
  filter.oninput = apply;
  window.addEventListener('hashchange', show);
  apply();
  show();
})();`;

/**
 * report.html, one self-contained page (inline CSS, SVG charts and script, a CSP forbidding any
 * fetch). Rows stream to a side file so memory stays flat; the page is assembled at commit.
 */
export class HtmlReport {
  private readonly rows: BufferedFile;
  private count = 0;

  constructor(readonly path: string) {
    this.rows = new BufferedFile(`${path}.rows.tmp`);
  }

  add(row: AuditRow, d: Digest): void {
    this.rows.write((this.count++ ? ',\n' : '') + scriptJson(compact(row, d)));
  }

  commit(totals: Totals, heading: ReportHeading): void {
    this.rows.close();
    const page = new AtomicFile(this.path);
    const pct = (n: number): string => (totals.notes ? `${Math.round((100 * n) / totals.notes)}%` : '–');
    const card = (label: string, value: string, sub = ''): string => `<div class="card">${esc(label)}<b>${esc(value)}</b><span class="muted">${esc(sub)}</span></div>`;
    page.write(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>guidelint audit: ${totals.notes} notes</title><style>${STYLE}</style></head>
<body><header id="top"><h1>Imaging-guidance documentation audit</h1>
<p class="muted">${esc(heading.input)}${heading.notes.map((n) => ` · ${esc(n)}`).join('')}</p>
<div class="cards">${card('Notes', String(totals.notes))}${card('Failing', String(totals.failing), pct(totals.failing))}${card('Supported', String(totals.verdicts.supported), pct(totals.verdicts.supported))}${card('Record errors', String(totals.recordErrors))}</div></header>
<main><h2>Charts</h2><div class="charts">
${charts(totals)}
</div>
<h2>Notes</h2><div class="tools"><input id="filter" type="search" placeholder="filter: id, provider, verdict, rule, site…" aria-label="filter notes"><span id="pager"></span></div>
<section id="findings" aria-live="polite"></section>
<table><thead><tr id="head"></tr></thead><tbody id="body"></tbody></table>
</main>
<script type="application/json" id="rows">[`);
    const fd = openSync(this.rows.path, 'r');
    try {
      const buf = Buffer.alloc(1 << 20);
      const utf8 = new StringDecoder('utf8'); // a character may straddle two reads
      for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) page.write(utf8.write(buf.subarray(0, n)));
      page.write(utf8.end());
    } finally {
      closeSync(fd);
      rmSync(this.rows.path, { force: true });
    }
    page.write(`]</script>\n<script>${SCRIPT}</script>\n</body></html>\n`);
    page.commit();
  }

  discard(): void {
    try {
      this.rows.close();
    } catch {
      // already closed
    }
    rmSync(this.rows.path, { force: true });
  }
}
