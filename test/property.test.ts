import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { lint } from '../src/lint.js';
import { InputError } from '../src/note/decode.js';
import { contractValidator } from './helpers.js';

const validResult = contractValidator('result');
const clinical = fc.constantFrom('fluoroscopy', 'needle', 'injected', 'knee', 'L4-5', 'facet', 'no ', 'not ', 'images saved', 'PACS', 'contrast', 'Fluoro time: 12', '***', '[ ]', 'IMAGING GUIDANCE:', '\r\n', '\n', '\r', ': ', '. ', ', ');
const noteLike = fc.array(fc.oneof(clinical, fc.string(), fc.string({ unit: 'grapheme', maxLength: 20 })), { maxLength: 60 }).map((parts) => parts.join(' '));
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.constantFrom('\ud800', '\udfff abc \ud83d', '\u0000\u0001\u0007', 'x'.repeat(200_000), 'a.'.repeat(50_000), ('fluoroscopy ' + 'no '.repeat(500)).repeat(4)),
  noteLike,
);

function check(text: string) {
  // the input policy: a NUL anywhere is refused with a typed error, never a crash
  if (text.includes('\0')) {
    expect(() => lint(text)).toThrow(InputError);
    return;
  }
  const r = lint(text);
  const positions = [
    ...r.messages.flatMap((m) => [m.offset!, m.endOffset!]),
    ...Object.values(r.documentation.elements).flatMap((e) => e.evidence.flatMap((s) => [s.offset, s.endOffset])),
  ];
  for (const p of positions) {
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(text.length);
  }
  for (const m of r.messages) expect(m.endOffset!).toBeGreaterThanOrEqual(m.offset!);
  expect(validResult(JSON.parse(JSON.stringify(r))), JSON.stringify(validResult.errors)).toBe(true);
}

describe('lint on arbitrary input', () => {
  it('never throws (but refuses a NUL), keeps every position inside the text and stays schema-valid', () => {
    fc.assert(fc.property(hostile, (text) => check(text)), { numRuns: 300 });
  });

  it('handles huge lines and lone surrogates', () => {
    for (const text of ['x'.repeat(1_000_000), '\ud800'.repeat(1000), 'Under fluoroscopy\u0000 the needle\ud83d entered the knee.']) check(text);
  });
});
