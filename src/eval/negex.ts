import { readFileSync } from 'node:fs';
import { compromise } from '../context/nlp.js';
import { classifyMention } from '../context/context.js';

export interface NegexRow {
  id: string;
  target: string;
  sentence: string;
  negated: boolean;
}

export interface NegexScore {
  rows: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  sentencesPerSecond: number;
  errors: { id: string; target: string; expected: boolean }[];
}

function unquote(s: string): string {
  const t = s.trim();
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}

/**
 * Reads any of the four copies of the NegEx/ConText annotated set (see
 * ../shared/external/negex/SOURCE.md): with or without a header, 4, 6 or 7 columns.
 */
export function readNegex(path: string): NegexRow[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const rows: NegexRow[] = [];
  const header = /negation|concept|condition/i.test(lines[0]) && !/affirmed|negated/i.test(lines[0].split('\t').pop() ?? '');
  for (const line of header ? lines.slice(1) : lines) {
    const c = line.split('\t');
    let id: string, target: string, sentence: string, label: string;
    if (c.length >= 7) [id, , target, sentence, label] = c; // genConText: Number, note, Phrase, Sentence, neg, …
    else if (c.length === 6) [id, target, sentence, label] = c; // rsAnnotations: line, Condition, sentence, negation, …
    else if (c.length === 4) [id, target, sentence, label] = c; // Report No/Number, Concept, Sentence, Negation
    else throw new Error(`${path}: a row with ${c.length} columns: ${line.slice(0, 60)}`);
    rows.push({ id: id.trim(), target: unquote(target), sentence: unquote(sentence), negated: /negated/i.test(label) });
  }
  return rows;
}

/** Negation precision, recall and F1 of the context engine on the set, and its speed. */
export function scoreNegex(rows: NegexRow[]): NegexScore {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  const errors: NegexScore['errors'] = [];
  const targets = rows.map((r) => findTarget(r.sentence, r.target));
  const classify = (r: NegexRow, i: number) => classifyMention(r.sentence, targets[i]).negated;
  // warm up: grammars compile, compromise loads and the JIT settles before timing
  compromise()('Warm up, please.').clauses();
  rows.slice(0, 200).forEach(classify);
  const started = process.hrtime.bigint();
  const results = rows.map(classify);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rows.forEach((r, i) => {
    const got = results[i];
    if (got && r.negated) tp++;
    else if (got) { fp++; errors.push({ id: r.id, target: r.target, expected: false }); }
    else if (r.negated) { fn++; errors.push({ id: r.id, target: r.target, expected: true }); }
    else tn++;
  });
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return { rows: rows.length, tp, fp, fn, tn, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1), sentencesPerSecond: rows.length / seconds, errors };
}

/** The target's offsets: its UPPER-CASE copy if the sentence marks it so, else case-insensitively; whitespace-tolerant. */
function findTarget(sentence: string, target: string): [number, number] | string {
  const words = target.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(words.join('\\s+'), 'i');
  const upper = new RegExp(words.map((w) => w.toUpperCase()).join('\\s+'));
  const m = upper.exec(sentence) ?? re.exec(sentence);
  return m ? [m.index, m.index + m[0].length] : target;
}

export function formatNegex(s: NegexScore, path: string): string {
  return [
    `# NegEx/ConText negation: ${path}`,
    `rows ${s.rows}  tp ${s.tp}  fp ${s.fp}  fn ${s.fn}  tn ${s.tn}`,
    `precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}`,
    `speed ${Math.round(s.sentencesPerSecond)} sentences/s`,
    '',
  ].join('\n');
}
