import { readFileSync } from 'node:fs';
import { compromise } from '../context/nlp.js';
import { classifyMention, type Assertion } from '../context/context.js';

export interface NegexRow {
  id: string;
  /** the row's 1-based position among the file's data rows (the header not counted) */
  line: number;
  target: string;
  sentence: string;
  negated: boolean;
  /** temporality "Historical" (undefined in the copies without the temporality column) */
  historical?: boolean;
  /** temporality "Not particular", the set's hypothetical (undefined in the copies without the column) */
  hypothetical?: boolean;
}

/** The three assertions scored; historical and hypothetical only where the file has temporality. */
export const NEGEX_LABELS = ['negated', 'historical', 'hypothetical'] as const;
export type NegexLabel = (typeof NEGEX_LABELS)[number];

/**
 * Odd data rows tune, even ones are held out. The held-out half is scored in aggregate only: its
 * mistakes are never listed, so nobody tunes a trigger against them.
 */
export type NegexHalf = 'tuning' | 'heldOut';
export const halfOf = (r: NegexRow): NegexHalf => (r.line % 2 === 1 ? 'tuning' : 'heldOut');

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface HalfScore {
  rows: number;
  negated: Counts;
  historical?: Counts;
  hypothetical?: Counts;
}

export interface NegexScore extends Counts {
  /** negation over all rows (both halves) */
  rows: number;
  halves: {
    tuning: HalfScore;
    heldOut: HalfScore;
    /** the held-out rows whose sentence occurs nowhere in the tuning half (the set repeats boilerplate sentences) */
    heldOutUnseen: HalfScore;
  };
  sentencesPerSecond: number;
  /** the tuning half's mistakes only */
  errors: { id: string; line: number; label: NegexLabel; target: string; expected: boolean }[];
}

function unquote(s: string): string {
  const t = s.trim();
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}

/**
 * Reads any of the four copies of the NegEx/ConText annotated set (see
 * ../shared/external/negex/SOURCE.md): with or without a header, 4, 6 or 7 columns. The 6- and
 * 7-column copies carry temporality (Recent / Historical / Not particular).
 */
export function readNegex(path: string): NegexRow[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const rows: NegexRow[] = [];
  const header = /negation|concept|condition/i.test(lines[0]) && !/affirmed|negated/i.test(lines[0].split('\t').pop() ?? '');
  for (const line of header ? lines.slice(1) : lines) {
    const c = line.split('\t');
    let id: string, target: string, sentence: string, label: string;
    let temporality: string | undefined;
    if (c.length >= 7) [id, , target, sentence, label, temporality] = c; // genConText: Number, note, Phrase, Sentence, neg, temporality, experiencer
    else if (c.length === 6) [id, target, sentence, label, temporality] = c; // rsAnnotations: line, Condition, sentence, negation, temporality, experiencer
    else if (c.length === 4) [id, target, sentence, label] = c; // Report No/Number, Concept, Sentence, Negation
    else throw new Error(`${path}: a row with ${c.length} columns: ${line.slice(0, 60)}`);
    const row: NegexRow = { id: id.trim(), line: rows.length + 1, target: unquote(target), sentence: unquote(sentence), negated: /negated/i.test(label) };
    if (temporality !== undefined) {
      row.historical = /historical/i.test(temporality);
      row.hypothetical = /not particular|hypothetical/i.test(temporality);
    }
    rows.push(row);
  }
  return rows;
}

function counts(pairs: [got: boolean, want: boolean][]): Counts {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const [got, want] of pairs) {
    if (got && want) tp++;
    else if (got) fp++;
    else if (want) fn++;
    else tn++;
  }
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return { tp, fp, fn, tn, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}

function scoreHalf(rows: NegexRow[], results: Assertion[]): HalfScore {
  const s: HalfScore = { rows: rows.length, negated: counts(rows.map((r, i) => [results[i].negated, r.negated])) };
  for (const label of ['historical', 'hypothetical'] as const) {
    const labeled = rows.map((r, i) => [r[label], results[i][label]] as const).filter(([want]) => want !== undefined);
    if (labeled.length > 0) s[label] = counts(labeled.map(([want, got]) => [got, want!]));
  }
  return s;
}

/** Negation, historical and hypothetical precision, recall and F1 of the context engine, per half, and its speed. */
export function scoreNegex(rows: NegexRow[]): NegexScore {
  const targets = rows.map((r) => findTarget(r.sentence, r.target));
  const classify = (r: NegexRow, i: number) => classifyMention(r.sentence, targets[i]);
  // warm up: grammars compile, compromise loads and the JIT settles before timing
  compromise()('Warm up, please.').clauses();
  rows.slice(0, 200).forEach(classify);
  const started = process.hrtime.bigint();
  const results = rows.map(classify);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const pick = (keep: (r: NegexRow) => boolean): [NegexRow[], Assertion[]] => {
    const idx = rows.map((r, i) => (keep(r) ? i : -1)).filter((i) => i >= 0);
    return [idx.map((i) => rows[i]), idx.map((i) => results[i])];
  };
  const tuningSentences = new Set(rows.filter((r) => halfOf(r) === 'tuning').map((r) => r.sentence.replace(/\s+/g, ' ').trim().toLowerCase()));
  const halves = {
    tuning: scoreHalf(...pick((r) => halfOf(r) === 'tuning')),
    heldOut: scoreHalf(...pick((r) => halfOf(r) === 'heldOut')),
    heldOutUnseen: scoreHalf(...pick((r) => halfOf(r) === 'heldOut' && !tuningSentences.has(r.sentence.replace(/\s+/g, ' ').trim().toLowerCase()))),
  };

  const errors: NegexScore['errors'] = [];
  rows.forEach((r, i) => {
    if (halfOf(r) !== 'tuning') return;
    for (const label of NEGEX_LABELS) {
      const want = r[label];
      if (want !== undefined && want !== results[i][label]) errors.push({ id: r.id, line: r.line, label, target: r.target, expected: want });
    }
  });
  const all = scoreHalf(rows, results).negated;
  return { rows: rows.length, ...all, halves, sentencesPerSecond: rows.length / seconds, errors };
}

/** The target's offsets: its UPPER-CASE copy if the sentence marks it so, else case-insensitively; whitespace-tolerant. */
function findTarget(sentence: string, target: string): [number, number] | string {
  const words = target.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(words.join('\\s+'), 'i');
  const upper = new RegExp(words.map((w) => w.toUpperCase()).join('\\s+'));
  const m = upper.exec(sentence) ?? re.exec(sentence);
  return m ? [m.index, m.index + m[0].length] : target;
}

const f3 = (x: number) => x.toFixed(3);

/** The figures per half; with `rows`, the tuning half's mistakes are listed (the held-out half's never are). */
export function formatNegex(s: NegexScore, path: string, rows?: NegexRow[]): string {
  const out = [
    `# NegEx/ConText context engine: ${path}`,
    `odd data rows tune, even ones are held out (scored, never listed); all ${s.rows} rows, negation: precision ${f3(s.precision)}  recall ${f3(s.recall)}  F1 ${f3(s.f1)}`,
    '',
    'half                    rows  assertion     precision  recall     F1    tp   fp   fn',
  ];
  const names: [keyof NegexScore['halves'], string][] = [['tuning', 'tuning (odd)'], ['heldOut', 'held-out (even)'], ['heldOutUnseen', 'held-out, unseen sent.']];
  for (const [key, name] of names) {
    const h = s.halves[key];
    NEGEX_LABELS.forEach((label, i) => {
      const c = h[label];
      if (!c) return;
      const head = i === 0 ? `${name.padEnd(22)}${String(h.rows).padStart(6)}` : ' '.repeat(28);
      out.push(`${head}  ${label.padEnd(12)}${f3(c.precision).padStart(11)}${f3(c.recall).padStart(8)}${f3(c.f1).padStart(7)}${String(c.tp).padStart(6)}${String(c.fp).padStart(5)}${String(c.fn).padStart(5)}`);
    });
  }
  out.push(`speed ${Math.round(s.sentencesPerSecond)} sentences/s`, '');
  if (rows && s.errors.length > 0) {
    const byLine = new Map(rows.map((r) => [r.line, r]));
    out.push(`tuning-half mistakes (${s.errors.length}):`);
    for (const e of s.errors) out.push(`  row ${e.line} [${e.label}: expected ${e.expected}] "${e.target}" in: ${byLine.get(e.line)?.sentence.replace(/\s+/g, ' ')}`);
    out.push('');
  }
  return out.join('\n');
}
