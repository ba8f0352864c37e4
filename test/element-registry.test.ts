// Adding a documentation element is one YAML file: a throwaway element (test/fixtures/registry)
// added to a copy of grammars/ is extracted, ruled, evaluated and shown with no TypeScript touched.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { cpSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NOTE_WITH = 'Informed consent was obtained. Under fluoroscopy a needle was placed into the right knee joint.';
const NOTE_WITHOUT = 'Under fluoroscopy a needle was placed into the right knee joint.';

describe('a throwaway element from one YAML file', () => {
  let dir: string;
  let saved: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'guidelint-grammars-'));
    cpSync('grammars', dir, { recursive: true });
    copyFileSync('test/fixtures/registry/consent-documented.yaml', join(dir, 'elements', 'consent-documented.yaml'));
    saved = process.env.GUIDELINT_GRAMMARS;
    process.env.GUIDELINT_GRAMMARS = dir;
    vi.resetModules(); // fresh module state: the grammars and the rule list are read from `dir`
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.GUIDELINT_GRAMMARS;
    else process.env.GUIDELINT_GRAMMARS = saved;
    vi.resetModules();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is extracted into documentation.elements, with its evidence', async () => {
    const { lint } = await import('../src/lint.js');
    const found = lint(NOTE_WITH).documentation.elements.consentDocumented;
    expect(found.present).toBe(true);
    expect(found.evidence[0].text).toBe('Informed consent was obtained');
    expect(lint(NOTE_WITHOUT).documentation.elements.consentDocumented.present).toBe(false);
  });

  it('is ruled: its missing-element rule fires with its id, message and suggestion', async () => {
    const { lint } = await import('../src/lint.js');
    const { ruleById } = await import('../src/rules/index.js');
    expect(ruleById.get('consent-not-documented')?.severity).toBe('warning');
    const m = lint(NOTE_WITHOUT).messages.find((x) => x.ruleId === 'consent-not-documented');
    expect(m).toMatchObject({ severity: 'warning', message: 'Imaging guided the needle but no consent is documented', suggestion: 'Informed consent was obtained from ___' });
    expect(lint(NOTE_WITH).messages.some((x) => x.ruleId === 'consent-not-documented')).toBe(false);
  });

  it('is evaluated against gold labels that carry it', async () => {
    const { evaluate } = await import('../src/eval/evaluate.js');
    const gold = { technique: 'imaging', needlePlacement: true, modality: 'fluoroscopy', spinal: false, guidanceCode: '77002', supported: false, elements: { guidanceSection: false, imagesSaved: false, interpretation: false, needleConfirmation: false, fluoroscopyTimeSeconds: null, consentDocumented: true } } as const;
    const e = evaluate([{ source: 'a.txt', text: NOTE_WITH, gold: gold as never }, { source: 'b.txt', text: NOTE_WITHOUT, gold: gold as never }]);
    expect(e.elements.consentDocumented).toMatchObject({ tp: 1, fp: 0, fn: 1 });
  });

  it('is shown: the page reads it from the registry the server serves', async () => {
    const { buildServer } = await import('../src/serve/server.js');
    const app = await buildServer({ log: false });
    try {
      const list = (await app.inject({ method: 'GET', url: '/elements.json' })).json() as { name: string; label: string }[];
      expect(list.map((e) => e.name)).toContain('consentDocumented');
      expect(list.find((e) => e.name === 'consentDocumented')?.label).toBe('Consent documented');
    } finally {
      await app.close();
    }
  });
});
