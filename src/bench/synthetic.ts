// The benchmark's notes: corpus notes recombined and perturbed, written as JSONL with metadata.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BufferedFile } from '../audit/file.js';

export function findCorpus(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'corpus', 'README.md'))) return join(dir, 'corpus');
  }
  throw new Error('corpus/ not found; pass --corpus DIR');
}

// mulberry32: a small seeded generator, so the synthetic set is the same on every run
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes n notes of about `size` characters each (whole corpus notes joined, as many as bring it nearest), perturbed (sides, digits), with metadata. */
export function generate(corpus: string, n: number, size: number, path: string): { sources: number; meanBytes: number } {
  const notes: { text: string; claim?: unknown }[] = [];
  for (const dir of ['dev', 'test']) {
    for (const f of readdirSync(join(corpus, dir)).filter((x) => /\.(txt|md)$/.test(x)).sort()) {
      const claimPath = join(corpus, dir, f.replace(/\.(txt|md)$/, '.claim.json'));
      notes.push({ text: readFileSync(join(corpus, dir, f), 'utf8'), claim: existsSync(claimPath) ? JSON.parse(readFileSync(claimPath, 'utf8')) : undefined });
    }
  }
  const random = prng(77002);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const out = new BufferedFile(path);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const base = pick(notes);
    let text = base.text;
    // join notes while that brings the length nearer `size`, so the mean is about `size`
    for (let next = pick(notes).text; Math.abs(text.length + 2 + next.length - size) < Math.abs(text.length - size); next = pick(notes).text) {
      text += '\n\n' + next;
    }
    if (random() < 0.5) text = text.replace(/\b(left|right)\b/gi, (w) => ({ left: 'right', right: 'left', Left: 'Right', Right: 'Left', LEFT: 'RIGHT', RIGHT: 'LEFT' })[w] ?? w);
    text = text.replace(/\d/g, (d) => (random() < 0.2 ? String(Math.floor(random() * 10)) : d));
    const month = 1 + Math.floor(random() * 36);
    const record = {
      id: `syn-${i + 1}`,
      text,
      ...(base.claim ? { claim: base.claim } : {}),
      provider: `Provider ${1 + Math.floor(random() * 40)}`,
      date: `${2022 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
    };
    bytes += Buffer.byteLength(text);
    out.write(JSON.stringify(record) + '\n');
  }
  out.close();
  return { sources: notes.length, meanBytes: bytes / n };
}


/**
 * Writes n records of a folder of real reports (every .txt, in name order, repeated as often as n
 * needs), as JSONL: the realistic note stream beside the synthetic one.
 */
export function writeReports(dir: string, n: number, path: string): { distinct: number; meanBytes: number } {
  const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
  if (texts.length === 0) throw new Error(`${dir}: no .txt reports`);
  const out = new BufferedFile(path);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const text = texts[i % texts.length];
    bytes += Buffer.byteLength(text);
    out.write(JSON.stringify({ id: `real-${i + 1}`, text }) + '\n');
  }
  out.close();
  return { distinct: texts.length, meanBytes: bytes / n };
}
