import { openSync, readSync, closeSync, rmSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { AuditRow } from './task.js';
import { isErrorRow } from './task.js';
import type { AuditCategory, Digest } from './digest.js';
import { AUDIT_CATEGORIES, type AtRisk, type Counts, type Totals } from './tally.js';
import type { Change, Comparison } from './compare.js';
import type { Excerpt } from './excerpt.js';
import { CATEGORY_LABELS } from '../report/category.js';
import { AtomicFile, BufferedFile } from './file.js';

export interface ReportHeading {
  input: string;
  /** e.g. "simple random sample of 200 (seed 7)", "shard 2/8" */
  notes: string[];
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// JSON inside <script>: no "</script>" or "<!--" can end it early
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

const CATEGORY_COLOURS: Record<AuditCategory, string> = {
  supported: '#2e7d32', incomplete: '#ef6c00', 'no-imaging': '#6a1b9a', 'not-applicable': '#90a4ae', error: '#212121',
};
const CATEGORY_NAMES: Record<AuditCategory, string> = { ...CATEGORY_LABELS, error: 'record error (not linted)' };

const pct = (n: number, of: number): string => (of ? `${Math.round((100 * n) / of)}%` : '–');
const money = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

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
    const text = b.part === undefined ? `${b.value}` : `${b.part} / ${b.value} (${pct(b.part, b.value)})`;
    return `<g><title>${esc(b.label)}: ${esc(text)}</title><text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label)}</text>`
      + `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${b.part === undefined ? (b.colour ?? '#1565c0') : '#cfd8dc'}"/>`
      + (b.part === undefined ? '' : `<rect x="${labelW}" y="${y + 3}" width="${pw.toFixed(1)}" height="${rowH - 6}" fill="#c62828"/>`)
      + `<text x="${labelW + w + 6}" y="${y + 15}">${esc(text)}</text></g>`;
  });
  const body = bars.length ? rows.join('') : `<text x="10" y="18">${esc(empty)}</text>`;
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}">${body}</svg></figure>`;
}

/** The largest groups, the rest folded into one: the groups still add up to every note. */
function top(groups: Record<string, Counts>, n: number): [string, Counts][] {
  const entries = Object.entries(groups);
  const rest = entries.slice(n);
  if (!rest.length) return entries;
  const folded: Counts = { notes: 0, failing: 0, categories: Object.fromEntries(AUDIT_CATEGORIES.map((c) => [c, 0])) as Record<AuditCategory, number> };
  for (const [, c] of rest) {
    folded.notes += c.notes;
    folded.failing += c.failing;
    for (const k of AUDIT_CATEGORIES) folded.categories[k] += c.categories[k];
  }
  return [...entries.slice(0, n), [`${rest.length} more`, folded]];
}

/** Each group's notes as one bar split by category: every bar is its group's notes, all bars every note. */
export function stackedChart(title: string, groups: [string, Counts][], empty = 'no data'): string {
  const width = 560, labelW = 150, valueW = 130, rowH = 22;
  const max = Math.max(1, ...groups.map(([, c]) => c.notes));
  const h = Math.max(1, groups.length) * rowH + 8;
  const rows = groups.map(([label, c], i) => {
    const y = 4 + i * rowH;
    let x = labelW;
    const segments = AUDIT_CATEGORIES.filter((k) => c.categories[k]).map((k) => {
      const w = ((width - labelW - valueW) * c.categories[k]) / max;
      const rect = `<rect data-category="${k}" data-count="${c.categories[k]}" x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${CATEGORY_COLOURS[k]}"><title>${esc(label)}: ${c.categories[k]} ${esc(CATEGORY_NAMES[k])}</title></rect>`;
      x += w;
      return rect;
    });
    return `<g data-group="${esc(label)}" data-notes="${c.notes}"><text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(label.length > 26 ? `${label.slice(0, 25)}…` : label)}<title>${esc(label)}</title></text>${segments.join('')}`
      + `<text x="${x + 6}" y="${y + 15}">${c.notes} · ${pct(c.categories.supported, c.notes)} supported</text></g>`;
  });
  const body = groups.length ? rows.join('') : `<text x="10" y="18">${esc(empty)}</text>`;
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}">${body}</svg></figure>`;
}

/** Notes per month and category as lines (a trend, not bars), with a point per month to hover. */
export function trendChart(title: string, months: [string, Counts][]): string {
  const width = 560, height = 220, left = 40, right = 12, topM = 10, bottom = 30;
  if (!months.length) return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" width="${width}" height="30"><text x="10" y="18">no dates</text></svg></figure>`;
  const max = Math.max(1, ...months.map(([, c]) => c.notes));
  const xAt = (i: number): number => left + (months.length === 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (months.length - 1));
  const yAt = (v: number): number => topM + (height - topM - bottom) * (1 - v / max);
  const series: { key: string; label: string; colour: string; value: (c: Counts) => number }[] = [
    { key: 'notes', label: 'all notes', colour: '#1565c0', value: (c) => c.notes },
    ...AUDIT_CATEGORIES.filter((k) => months.some(([, c]) => c.categories[k])).map((k) => ({ key: k, label: CATEGORY_NAMES[k], colour: CATEGORY_COLOURS[k], value: (c: Counts) => c.categories[k] })),
  ];
  const lines = series.map((s) => {
    const pts = months.map(([, c], i) => `${xAt(i).toFixed(1)},${yAt(s.value(c)).toFixed(1)}`);
    const dots = months.map(([m, c], i) => `<circle cx="${xAt(i).toFixed(1)}" cy="${yAt(s.value(c)).toFixed(1)}" r="2.5" fill="${s.colour}"><title>${esc(m)}: ${s.value(c)} ${esc(s.label)}</title></circle>`).join('');
    return `<g data-series="${s.key}"><polyline fill="none" stroke="${s.colour}" stroke-width="${s.key === 'notes' ? 2.5 : 1.8}" points="${pts.join(' ')}"/>${dots}</g>`;
  });
  const every = Math.ceil(months.length / 8); // at most 8 labels: a month label is ~50 px wide
  const ticks = months.map(([m], i) => (i % every === 0 ? `<text x="${xAt(i).toFixed(1)}" y="${height - 12}" text-anchor="middle">${esc(m)}</text>` : '')).join('');
  const axis = `<line x1="${left}" y1="${yAt(0)}" x2="${width - right}" y2="${yAt(0)}" stroke="#bdbdbd"/><text x="${left - 6}" y="${yAt(max) + 4}" text-anchor="end">${max}</text><text x="${left - 6}" y="${yAt(0) + 4}" text-anchor="end">0</text>`;
  const legend = series.map((s) => `<span class="key"><i style="background:${s.colour}"></i>${esc(s.label)}</span>`).join(' ');
  return `<figure class="trend"><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${axis}${lines.join('')}${ticks}</svg><div class="legend">${legend}</div></figure>`;
}

/** Providers (rows) by rules (columns): notes on which the rule fired, shaded by the share of the provider's notes. */
export function heatTable(t: Totals, maxProviders = 20, maxRules = 14): string {
  const rules = Object.keys(t.rules).slice(0, maxRules);
  const providers = Object.entries(t.byProvider).slice(0, maxProviders);
  if (!rules.length || !providers.length) return '<p class="muted">no error or warning rule fired</p>';
  const head = `<tr><th scope="col">provider</th><th scope="col" class="num">notes</th>${rules.map((r) => `<th scope="col"><code class="rule">${esc(r)}</code></th>`).join('')}</tr>`;
  const body = providers.map(([p, c]) => {
    const counts = t.providerRules[p] ?? {};
    const cells = rules.map((r) => {
      const n = counts[r] ?? 0;
      const share = c.notes ? n / c.notes : 0;
      return `<td class="num" data-rule="${esc(r)}" style="background:rgba(198,40,40,${(0.08 + 0.72 * share).toFixed(2)})" title="${esc(p)} · ${esc(r)}: ${n} of ${c.notes} notes (${pct(n, c.notes)})">${n ? `${n} <small>${pct(n, c.notes)}</small>` : ''}</td>`;
    });
    return `<tr><th scope="row">${esc(p)}</th><td class="num">${c.notes}</td>${cells.join('')}</tr>`;
  });
  const more = Object.keys(t.byProvider).length > maxProviders ? `<p class="muted">the ${maxProviders} providers with the most notes; every provider is in summary.json</p>` : '';
  return `<div class="scroll"><table id="heat" class="heat"><thead>${head}</thead><tbody>${body.join('')}</tbody></table></div>${more}`;
}

function comparisonSection(c: Comparison): string {
  const signed = (p: number): string => `${p > 0 ? '+' : ''}${p.toFixed(1)} pts`;
  const share = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const list = (title: string, changes: Change[], cls: string, what: (k: string) => string): string =>
    `<div class="delta ${cls}"><h3>${esc(title)}</h3>${changes.length ? `<ul>${changes.slice(0, 12).map((ch) => `<li>${what(ch.key)}: ${share(ch.before)} → ${share(ch.after)} <b>${signed(ch.points)}</b></li>`).join('')}</ul>` : '<p class="muted">none</p>'}</div>`;
  const rule = (k: string): string => `<code class="rule">${esc(k)}</code>`;
  const provider = (k: string): string => esc(k);
  const cats = c.categories.map((ch) => `<tr><th scope="row">${esc(CATEGORY_NAMES[ch.key as AuditCategory] ?? ch.key)}</th><td class="num">${share(ch.before)}</td><td class="num">${share(ch.after)}</td><td class="num">${signed(ch.points)}</td></tr>`).join('');
  return `<section id="compare"><h2>Compared with the earlier run</h2>
<p class="muted">${esc(c.against)}${c.earlierFinishedAt ? ` · ${esc(c.earlierFinishedAt)}` : ''} · ${c.notes.before} notes then, ${c.notes.after} now; shares of the notes, so runs of different sizes compare</p>
<table class="compact"><thead><tr><th>category</th><th class="num">then</th><th class="num">now</th><th class="num">change</th></tr></thead><tbody>${cats}</tbody></table>
<div class="deltas">${list('Rules that improved (fire on fewer notes)', c.rules.improved, 'improved', rule)}${list('Rules that regressed', c.rules.regressed, 'regressed', rule)}
${list('Providers that improved (fewer notes needing action)', c.providers.improved, 'improved', provider)}${list('Providers that regressed', c.providers.regressed, 'regressed', provider)}</div></section>`;
}

function atRiskSection(r: AtRisk): string {
  const rows = (m: Record<string, number>, label: (k: string) => string): string =>
    Object.entries(m).slice(0, 15).map(([k, v]) => `<tr><th scope="row">${label(k)}</th><td class="num">${money(v)}</td></tr>`).join('');
  return `<section id="at-risk"><h2>Amount at risk</h2><p>${money(r.total)} on ${r.notes} notes, from the fee schedule given (--fees): the guidance billed on claims to remove or query, the difference on a recode, the extra units on a unit reduction.</p>
<div class="deltas"><table class="compact"><caption>by rule (a note under each rule it drew)</caption><tbody>${rows(r.byRule, (k) => `<code class="rule">${esc(k)}</code>`)}</tbody></table>
<table class="compact"><caption>by provider</caption><tbody>${rows(r.byProvider, esc)}</tbody></table></div></section>`;
}

function charts(t: Totals): string {
  return [
    stackedChart('Notes by provider and category', top(t.byProvider, 15)),
    stackedChart('Notes by site and category', top(t.bySite, 15)),
    barChart('Notes on which each rule fired (a note may draw several rules)', Object.entries(t.rules).slice(0, 20).map(([label, value]) => ({ label, value, colour: '#c62828' })), 'no rule fired'),
    trendChart('Notes by month', Object.entries(t.byMonth).filter(([m]) => m !== '(none)')),
  ].join('\n');
}

/** What the page's table and findings panel need per note: the findings, and their excerpts (this page only). */
function compact(row: AuditRow, d: Digest, excerpts?: (Excerpt | null)[]): Record<string, unknown> {
  const o: Record<string, unknown> = { n: d.record, id: d.id, k: d.category, v: d.verdict, e: d.errors, w: d.warnings, r: d.rules.join(' ') };
  const put = (k: string, v: unknown): void => {
    if (v !== null && v !== undefined && v !== '') o[k] = v;
  };
  put('p', d.provider);
  put('d', d.date);
  put('c', d.code);
  put('a', d.action ?? (d.claim ? 'none' : null));
  put('rc', d.recommendedCode);
  put('s', d.site);
  put('t', d.technique);
  put('m', d.modality);
  put('x', d.missing.join(' '));
  put('b', d.billed.map((b) => `${b.code}×${b.units}`).join(' '));
  put('err', d.error);
  if (!isErrorRow(row) && row.messages.length) o.f = row.messages.map((m, i) => [m.line, m.column, m.severity, m.ruleId, m.message, m.suggestion ?? null, excerpts?.[i] ?? null]);
  return o;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#212121;background:#fafafa}
header,main{max-width:1280px;margin:0 auto;padding:12px 20px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:22px 0 8px}h3{font-size:15px;margin:6px 0}
.muted{color:#616161}.cards{display:flex;gap:10px;flex-wrap:wrap;align-items:stretch}
.card{background:#fff;border:1px solid #e0e0e0;border-left:6px solid var(--c,#e0e0e0);border-radius:6px;padding:6px 10px;flex:1 1 0;min-width:90px;max-width:200px;font-size:13px}
.card b{display:block;font-size:22px}.card.total{border-left-color:#1565c0}.eq{align-self:center;font-size:20px;color:#616161}
.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{background:#fff;border:1px solid #e0e0e0;border-radius:6px;margin:0;padding:8px}
figcaption{font-weight:600;margin-bottom:4px}svg text{font-size:12px;fill:#212121}
.legend{font-size:12px;max-width:1100px}.key{white-space:nowrap;margin-right:10px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
#notes th{cursor:pointer;user-select:none;background:#f5f5f5;position:sticky;top:0}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num,th.num{text-align:right}.v{font-weight:600}
code.rule{white-space:nowrap;font-size:12px;background:#f5f5f5;border-radius:3px;padding:0 3px}
.scroll{overflow-x:auto}table.heat{width:auto}table.heat td{min-width:48px;white-space:nowrap}table.heat small{color:#37474f}
table.compact{width:auto;min-width:320px}caption{text-align:left;font-weight:600;padding:4px 0}
.deltas{display:flex;flex-wrap:wrap;align-items:flex-start;gap:16px;margin-top:10px}.delta{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:8px 12px;min-width:280px}
.delta.improved{border-top:4px solid #2e7d32}.delta.regressed{border-top:4px solid #c62828}.delta ul{margin:0;padding-left:18px}
#findings{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:10px 14px;margin:8px 0}
#findings:empty{display:none}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}dt{color:#616161}dd{margin:0}
.sev-error{color:#c62828}.sev-warning{color:#ef6c00}.sev-info{color:#1565c0}
.finding{margin:8px 0;padding:6px 0;border-top:1px solid #eee;list-style:none}.finding blockquote{margin:4px 0 2px;padding:4px 8px;border-left:3px solid #90a4ae;background:#f5f7f8}
.finding mark{background:#ffe082}.finding .suggestion{color:#2e7d32}
.tools{display:flex;gap:10px;align-items:center;flex-wrap:wrap;margin:8px 0}input[type=search]{padding:4px 8px;min-width:260px}
`;

// the page's script: sort, filter, page through the table, export the filtered rows as CSV, and
// show one note's findings with their excerpts (#note-N). Text reaches the page through textContent only.
const SCRIPT = `(function () {
  var rows = JSON.parse(document.getElementById('rows').textContent);
  var names = JSON.parse(document.getElementById('category-names').textContent);
  var byRecord = new Map(rows.map(function (r) { return [r.n, r]; }));
  var cols = [['n', '#', 1], ['id', 'Note'], ['p', 'Provider'], ['d', 'Date'], ['k', 'Category'], ['c', 'Code'], ['a', 'Claim action'], ['s', 'Site'], ['e', 'Errors', 1], ['w', 'Warnings', 1], ['r', 'Rules']];
  var key = 'n', dir = 1, page = 0, size = 100, view = rows;
  var head = document.getElementById('head'), body = document.getElementById('body'), pager = document.getElementById('pager');
  var filter = document.getElementById('filter'), only = document.getElementById('category'), panel = document.getElementById('findings');
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function rules(text) { var f = document.createDocumentFragment(); (text || '').split(' ').filter(Boolean).forEach(function (r, i) { if (i) f.appendChild(document.createTextNode(' ')); f.appendChild(el('code', r, 'rule')); }); return f; }
  function cmp(a, b) {
    var x = a[key], y = b[key];
    if (x === undefined) x = ''; if (y === undefined) y = '';
    return (x < y ? -1 : x > y ? 1 : 0) * dir || a.n - b.n;
  }
  function apply() {
    var q = filter.value.trim().toLowerCase(), k = only.value;
    view = rows.filter(function (r) {
      return (!k || r.k === k) && (!q || [r.id, r.p, r.d, r.k, names[r.k], r.v, r.c, r.a, r.s, r.r].join(' ').toLowerCase().indexOf(q) >= 0);
    });
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
        else if (c[0] === 'r') td.appendChild(rules(r.r));
        else if (c[0] === 'k') { td.textContent = names[r.k]; td.className = 'v'; td.setAttribute('data-category', r.k); }
        else td.textContent = r[c[0]] === undefined ? '' : r[c[0]];
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
  // a cell starting with = + - @ would run as a formula in a spreadsheet: defused, as results.csv does
  function cell(v) {
    var s = v === undefined || v === null ? '' : String(v);
    if (/^[=+\\-@\\t\\r]/.test(s)) s = "'" + s;
    return /[",\\r\\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function exportCsv() {
    var header = ['record', 'id', 'provider', 'date', 'category', 'verdict', 'code', 'claim_action', 'recommended_code', 'site', 'errors', 'warnings', 'rule_ids', 'missing_elements', 'error'];
    var fields = ['n', 'id', 'p', 'd', 'k', 'v', 'c', 'a', 'rc', 's', 'e', 'w', 'r', 'x', 'err'];
    var lines = [header.join(',')].concat(view.map(function (r) { return fields.map(function (f) { return cell(f === 'r' || f === 'x' ? (r[f] || '').split(' ').join(';') : r[f]); }).join(','); }));
    var a = el('a');
    a.href = 'data:text/csv;charset=utf-8,' + encodeURIComponent(lines.join('\\r\\n') + '\\r\\n');
    a.download = 'guidelint-notes-filtered.csv';
    document.body.appendChild(a); a.click(); a.remove();
  }
  function show() {
    var m = /^#note-(\\d+)$/.exec(location.hash);
    var r = m && byRecord.get(Number(m[1]));
    panel.textContent = '';
    if (!r) return;
    panel.appendChild(el('h2', 'Findings: ' + r.id));
    var facts = [['record', r.n], ['category', names[r.k]], ['provider', r.p], ['date', r.d], ['technique', r.t], ['modality', r.m], ['site', r.s], ['guidance code', r.c],
      ['missing elements', r.x], ['guidance billed', r.b], ['claim action', r.a], ['recommended code', r.rc], ['record error', r.err]];
    var dl = el('dl');
    facts.forEach(function (f) { if (f[1] === undefined) return; dl.appendChild(el('dt', f[0])); dl.appendChild(el('dd', f[1])); });
    panel.appendChild(dl);
    var list = el('ul');
    (r.f || []).forEach(function (f) {
      var li = el('li', null, 'finding');
      li.appendChild(el('span', f[0] + ':' + f[1] + ' ' + f[2], 'sev-' + f[2]));
      li.appendChild(el('span', ' ' + f[4] + ' '));
      li.appendChild(el('code', f[3], 'rule'));
      if (f[6]) {
        var q = el('blockquote', null, 'excerpt');
        q.appendChild(document.createTextNode(f[6][0]));
        q.appendChild(el('mark', f[6][1]));
        q.appendChild(document.createTextNode(f[6][2]));
        li.appendChild(q);
      }
      if (f[5]) li.appendChild(el('div', '↳ ' + f[5], 'suggestion'));
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
  only.onchange = apply;
  document.getElementById('export').onclick = exportCsv;
  window.addEventListener('hashchange', show);
  apply();
  show();
})();`;

/** Tiles that partition the notes, then the claims' actions (and the amount at risk), when claims came. */
function tiles(t: Totals): string {
  const card = (label: string, value: string, sub: string, attrs = '', colour = ''): string =>
    `<div class="card"${colour ? ` style="--c:${colour}"` : ''} ${attrs}>${esc(label)}<b>${esc(value)}</b><span class="muted">${esc(sub)}</span></div>`;
  // record errors always show, so the tiles visibly add up to the notes
  const parts = AUDIT_CATEGORIES.map((c) => card(CATEGORY_NAMES[c], String(t.categories[c]), pct(t.categories[c], t.notes), `data-category="${c}" data-count="${t.categories[c]}"`, CATEGORY_COLOURS[c]));
  const notes = `<div class="cards" id="tiles">${card('Notes', String(t.notes), `${t.failing} need action`, `data-total="${t.notes}"`)}<span class="eq">=</span>${parts.join('<span class="eq">+</span>')}</div>`;
  if (!t.claims) return notes;
  const actions = Object.entries(t.claimActions).map(([a, n]) => card(a === 'none' ? 'no guidance line' : a, String(n), pct(n, t.claims), `data-action="${esc(a)}"`));
  const risk = t.atRisk ? card('Amount at risk', money(t.atRisk.total), `${t.atRisk.notes} notes`, 'id="at-risk-total"', '#c62828') : '';
  return `${notes}<h2>Claim actions on ${t.claims} notes with a claim</h2><div class="cards" id="actions">${actions.join('')}${risk}</div>`;
}

function pageTop(t: Totals, heading: ReportHeading, comparison: Comparison | null): string {
  const options = AUDIT_CATEGORIES.map((c) => `<option value="${c}">${esc(CATEGORY_NAMES[c])}</option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>guidelint audit: ${t.notes} notes</title><style>${STYLE}</style></head>
<body><header id="top"><h1>Imaging-guidance documentation audit</h1>
<p class="muted">${esc(heading.input)}${heading.notes.map((n) => ` · ${esc(n)}`).join('')}</p>
${tiles(t)}</header>
<main>${comparison ? comparisonSection(comparison) : ''}
<h2>Charts</h2><p class="legend">${AUDIT_CATEGORIES.map((c) => `<span class="key"><i style="background:${CATEGORY_COLOURS[c]}"></i>${esc(CATEGORY_NAMES[c])}</span>`).join(' ')}</p><div class="charts">
${charts(t)}
</div>
<h2>Providers × rules</h2><p class="muted">notes on which each error or warning rule fired, and the share of the provider's notes</p>
${heatTable(t)}
${t.atRisk ? atRiskSection(t.atRisk) : ''}
<h2>Notes</h2><div class="tools"><input id="filter" type="search" placeholder="filter: id, provider, category, rule, site…" aria-label="filter notes">
<select id="category" aria-label="category"><option value="">every category</option>${options}</select>
<button id="export" type="button">Export the filtered table (CSV)</button><span id="pager"></span></div>
<section id="findings" aria-live="polite"></section>
<table id="notes"><thead><tr id="head"></tr></thead><tbody id="body"></tbody></table>
</main>
<script type="application/json" id="category-names">${scriptJson(CATEGORY_NAMES)}</script>
<script type="application/json" id="rows">[`;
}

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

  add(row: AuditRow, d: Digest, excerpts?: (Excerpt | null)[]): void {
    this.rows.write((this.count++ ? ',\n' : '') + scriptJson(compact(row, d, excerpts)));
  }

  commit(totals: Totals, heading: ReportHeading, comparison: Comparison | null = null): void {
    this.rows.close();
    const page = new AtomicFile(this.path);
    page.write(pageTop(totals, heading, comparison));

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
