import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { lint } from '../src/lint.js';
import { buildQuery } from '../src/query/query.js';
import { claimFromFlags } from '../src/claim/parse.js';

const PAYMENT = /\b(?:bill(?:ing|ed|able)?|pay|paid|payment|payer|reimburs\w*|revenue|denial|charges?|CPT|codes?|77\d{3}|76942)\b/i;

describe('physician query', () => {
  const note = 'PROCEDURE: Right hip injection.\nUnder fluoroscopy a 22-gauge needle was advanced into the hip joint. Contrast outlined the joint.\nSpot films were taken.';
  const result = lint(note, { claim: claimFromFlags('20610,77002-26', undefined, '22') });

  it('is written when the claim action is query, for each missing element', () => {
    expect(result.claim?.action).toBe('query');
    const q = buildQuery(result, note)!;
    expect(q.text).toMatch(/\d\. Image retention/);
    // "contrast outlined the joint" documents both the finding and the needle position
    expect(q.text).not.toMatch(/\d\. Image findings/);
    expect(q.text).not.toMatch(/\d\. Final needle position/);
  });

  it('is non-leading: every question offers other and unable to determine, and nothing about payment', () => {
    const q = buildQuery(result, note)!;
    for (const form of [q.text, q.markdown, JSON.stringify(q.fhir.payload), JSON.stringify(q.fhir.topic)]) expect(form).not.toMatch(PAYMENT);
    const questions = q.text.split(/\n\d+\. /).slice(1);
    expect(questions.length).toBeGreaterThan(0);
    for (const block of questions) {
      expect(block).toContain('Other (please specify)');
      expect(block).toContain('Unable to determine');
    }
  });

  it('quotes what the record shows, with line numbers: each element its own sentence', () => {
    expect(buildQuery(result, note)!.text).toContain('Interpretation of the images: line 2: "Contrast outlined the joint."');
  });

  it('asks how the needle was guided when the technique is unstated, listing every method', () => {
    const text = 'Left knee injected with a 22-gauge needle.';
    const q = buildQuery(lint(text), text)!;
    for (const o of ['Fluoroscopy', 'Ultrasound', 'CT', 'MRI', 'without imaging']) expect(q.text).toContain(o);
  });

  it('is a FHIR R4 Communication for EHR work queues', () => {
    const q = buildQuery(result, note)!;
    expect(q.fhir.resourceType).toBe('Communication');
    expect((q.fhir.payload as unknown[]).length).toBeGreaterThan(1);
  });

  it('is not written when the documentation supports the guidance, or for a landmark note', () => {
    const ok = readFileSync('test/fixtures/notes/knee-compliant.txt', 'utf8');
    expect(buildQuery(lint(ok), ok)).toBeNull();
    const lm = readFileSync('test/fixtures/notes/knee-landmark.txt', 'utf8');
    expect(buildQuery(lint(lm), lm)).toBeNull();
  });

  it('is not written when every element is there and only the code is the payer\'s call', () => {
    const note = 'PROCEDURE: Left stellate ganglion block.\nIMAGING GUIDANCE: Under fluoroscopy a 25-gauge needle was placed at C6; contrast spread along the prevertebral fascia without vascular uptake; final needle position confirmed on AP and oblique views. Images saved to PACS. Fluoroscopy time 20 seconds.';
    const r = lint(note, { claim: claimFromFlags('64510,77002-26', undefined, '22') });
    expect(r.claim?.action).toBe('query');
    expect(r.messages.map((m) => m.ruleId)).toContain('site-code-ambiguous');
    expect(buildQuery(r, note)).toBeNull();
  });
});
