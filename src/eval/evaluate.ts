import type { LintResult } from '../types.js';
import { lint } from '../lint.js';
import type { Gold, LabeledNote } from './corpus.js';
import { grammars } from '../grammar/index.js';

/** The elements scored present/absent (a duration is scored by its value). */
export function scoredElements() {
  return grammars().elements.filter((e) => e.kind !== 'duration');
}
export const FIELDS = ['technique', 'needlePlacement', 'modality', 'spinal', 'guidanceCode', 'supported', 'claimAction'] as const;

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  notes: number;
  accuracy: Record<string, { correct: number; total: number; accuracy: number }>;
  elements: Record<string, Score>;
  rules: Record<string, Score>;
  rulesMicro: Score;
  falseSupported: string[];
  /** needle placement scored as a detection: precision and recall of "this note places a needle" */
  needlePlacement: Score;
  /** notes labeled with no needle placement that still carry a warning or an error */
  notNeedleFlagged: { flagged: number; total: number };
  /** a duration element's value in seconds: agreeing within half a second, of those either side states */
  durations: Record<string, { agree: number; total: number }>;
  confusion: { technique: Record<string, Record<string, number>>; guidanceCode: Record<string, Record<string, number>> };
  wrong: { source: string; differences: string[] }[];
}

function score(tp: number, fp: number, fn: number): Score {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** What the linter says, in the gold label's terms. */
export function predicted(r: LintResult): Record<(typeof FIELDS)[number], unknown> {
  const d = r.documentation;
  return {
    technique: d.technique,
    needlePlacement: d.needlePlacement,
    modality: d.modality,
    spinal: d.needlePlacement ? (d.site?.spinal ?? null) : null,
    guidanceCode: d.guidanceCode,
    supported: d.supported,
    claimAction: r.claim?.action ?? null,
  };
}

/** Lints every labeled note and scores it against its gold label. */
export function evaluate(notes: LabeledNote[]): Evaluation {
  const counts: Record<string, [number, number]> = {};
  const specs = grammars().elements;
  const el: Record<string, [number, number, number]> = Object.fromEntries(scoredElements().map((e) => [e.name, [0, 0, 0]]));
  const durations: Evaluation['durations'] = Object.fromEntries(specs.filter((e) => e.kind === 'duration').map((e) => [e.name, { agree: 0, total: 0 }]));
  const ru: Record<string, [number, number, number]> = {};
  const falseSupported: string[] = [];
  const needle: [number, number, number] = [0, 0, 0];
  const notNeedleFlagged = { flagged: 0, total: 0 };
  const confusion: Evaluation['confusion'] = { technique: {}, guidanceCode: {} };
  const wrong: Evaluation['wrong'] = [];

  for (const n of notes) {
    const r = lint(n.text, { filename: n.source, claim: n.claim });
    const got = predicted(r);
    const gold = n.gold as Gold & Record<string, unknown>;
    const differences: string[] = [];
    for (const f of FIELDS) {
      if (f === 'claimAction' && !n.claim) continue;
      const want = (gold[f] ?? null) as unknown;
      const c = (counts[f] ??= [0, 0]);
      c[1]++;
      if (want === got[f]) c[0]++;
      else differences.push(`${f}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got[f])}`);
    }
    if (got.supported === true && gold.supported === false) falseSupported.push(n.source);
    if (gold.needlePlacement && got.needlePlacement) needle[0]++;
    else if (got.needlePlacement) needle[1]++;
    else if (gold.needlePlacement) needle[2]++;
    const fired = new Set(r.messages.filter((m) => m.severity !== 'info').map((m) => m.ruleId));
    if (!gold.needlePlacement) {
      notNeedleFlagged.total++;
      if (fired.size) notNeedleFlagged.flagged++;
    }
    const t = (confusion.technique[gold.technique] ??= {});
    t[String(got.technique)] = (t[String(got.technique)] ?? 0) + 1;
    const g = (confusion.guidanceCode[String(gold.guidanceCode)] ??= {});
    g[String(got.guidanceCode)] = (g[String(got.guidanceCode)] ?? 0) + 1;

    const goldElements = gold.elements as Record<string, boolean | number | null | undefined>;
    for (const spec of specs) {
      const want = goldElements[spec.gold];
      const found = r.documentation.elements[spec.name];
      if (want === undefined || !found) continue; // a label that predates the element
      if (spec.kind === 'duration') {
        const haveSec = found.seconds ?? null;
        if (want === null && haveSec === null) continue;
        const d = durations[spec.name];
        d.total++;
        if (typeof want === 'number' && haveSec !== null && Math.abs(want - haveSec) < 0.5) d.agree++;
        else differences.push(`${spec.name} seconds: expected ${want}, got ${haveSec}`);
        continue;
      }
      const e = spec.name;
      if (want && found.present) el[e][0]++;
      else if (found.present) { el[e][1]++; differences.push(`${e}: found but not labeled (${found.evidence.map((s) => `${s.line}:${s.column} "${s.text}"`).join('; ')})`); }
      else if (want) { el[e][2]++; differences.push(`${e}: labeled but not found`); }
    }
    if (gold.rules) {
      const want = new Set(gold.rules);
      for (const id of new Set([...fired, ...want])) {
        const s = (ru[id] ??= [0, 0, 0]);
        if (fired.has(id) && want.has(id)) s[0]++;
        else if (fired.has(id)) { s[1]++; differences.push(`rule ${id}: fired but not labeled`); }
        else { s[2]++; differences.push(`rule ${id}: labeled but did not fire`); }
      }
    }
    if (differences.length) wrong.push({ source: n.source, differences });
  }

  const sum = Object.values(ru).reduce((a, s) => [a[0] + s[0], a[1] + s[1], a[2] + s[2]], [0, 0, 0]);
  return {
    notes: notes.length,
    accuracy: Object.fromEntries(Object.entries(counts).map(([f, [c, t]]) => [f, { correct: c, total: t, accuracy: t ? c / t : 1 }])),
    elements: Object.fromEntries(Object.entries(el).map(([e, s]) => [e, score(...s)])),
    rules: Object.fromEntries(Object.entries(ru).sort().map(([id, s]) => [id, score(...s)])),
    rulesMicro: score(sum[0], sum[1], sum[2]),
    falseSupported,
    needlePlacement: score(...needle),
    notNeedleFlagged,
    durations,
    confusion,
    wrong,
  };
}

const pct = (x: number) => x.toFixed(3);

/** The evaluation as a plain-text table. */
export function formatEvaluation(e: Evaluation, title: string): string {
  const out: string[] = [`# ${title}: ${e.notes} labeled notes`, '', 'field            accuracy   correct/total'];
  for (const [f, a] of Object.entries(e.accuracy)) out.push(`${f.padEnd(16)} ${pct(a.accuracy).padStart(8)}   ${a.correct}/${a.total}`);
  out.push('', 'element              precision  recall     F1     tp  fp  fn');
  for (const [k, s] of Object.entries(e.elements)) out.push(`${k.padEnd(20)} ${pct(s.precision).padStart(9)} ${pct(s.recall).padStart(7)} ${pct(s.f1).padStart(6)}  ${String(s.tp).padStart(4)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}`);
  for (const [k, d] of Object.entries(e.durations)) out.push(`${`${k} seconds`.padEnd(20)} agreement ${d.agree}/${d.total}`);
  out.push('', 'rule                              precision  recall     F1     tp  fp  fn');
  for (const [k, s] of Object.entries(e.rules)) out.push(`${k.padEnd(33)} ${pct(s.precision).padStart(9)} ${pct(s.recall).padStart(7)} ${pct(s.f1).padStart(6)}  ${String(s.tp).padStart(4)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}`);
  const m = e.rulesMicro;
  out.push(`${'all rules (micro)'.padEnd(33)} ${pct(m.precision).padStart(9)} ${pct(m.recall).padStart(7)} ${pct(m.f1).padStart(6)}`);
  out.push('', `false supported (passed a note that should fail): ${e.falseSupported.length}${e.falseSupported.length ? ' — ' + e.falseSupported.join(', ') : ''}`);
  const np = e.needlePlacement;
  out.push(`needle placements: ${np.tp + np.fp} found, ${np.tp + np.fn} labeled (precision ${pct(np.precision)}, recall ${pct(np.recall)})`);
  const nf = e.notNeedleFlagged;
  out.push(`notes with no needle placement that carry a warning or an error: ${nf.flagged}/${nf.total}${nf.total ? ` (${((100 * nf.flagged) / nf.total).toFixed(1)} %)` : ''}`);
  for (const [name, table] of Object.entries(e.confusion)) {
    const cols = [...new Set(Object.values(table).flatMap((r) => Object.keys(r)))].sort();
    out.push('', `confusion: ${name} (rows gold, columns predicted)`, `${''.padEnd(12)}${cols.map((c) => c.padStart(10)).join('')}`);
    for (const [row, r] of Object.entries(table).sort()) out.push(`${row.padEnd(12)}${cols.map((c) => String(r[c] ?? 0).padStart(10)).join('')}`);
  }
  if (e.wrong.length) {
    out.push('', `notes that differ (${e.wrong.length}):`);
    for (const w of e.wrong) out.push(`  ${w.source}`, ...w.differences.map((d) => `    - ${d}`));
  }
  return out.join('\n') + '\n';
}
