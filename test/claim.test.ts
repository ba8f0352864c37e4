import { describe, it, expect } from 'vitest';
import { decideClaim } from '../src/claim/decide-claim.js';
import { readClaimFacts, rowIncludes } from '../src/claim/claim-facts.js';
import { claimFromFlags, parseClaim } from '../src/claim/parse.js';
import { lint } from '../src/lint.js';
import { loadLabeled } from '../src/eval/corpus.js';
import { codeTable } from '../src/claim/codes.js';
import type { Documentation, Modality } from '../src/types.js';

const none = { present: false, evidence: [] };
const yes = { present: true, evidence: [] };
function doc(over: Partial<Documentation> & { complete?: boolean }): Documentation {
  const complete = over.complete ?? true;
  return {
    technique: 'imaging',
    needlePlacement: true,
    modality: 'fluoroscopy',
    site: { text: 'knee', region: 'knee', area: 'knee', laterality: 'right', spinal: false },
    guidanceCode: '77002',
    supported: complete,
    elements: { guidanceSection: yes, imagesSaved: complete ? yes : none, interpretation: yes, needleConfirmation: yes, fluoroscopyTime: { ...yes, seconds: 12 } },
    ...over,
  };
}
const landmark = doc({ technique: 'landmark', modality: null, guidanceCode: null, supported: false });
const noNeedle = doc({ technique: 'unstated', needlePlacement: false, modality: null, site: null, guidanceCode: null, supported: false });
const unstated = doc({ technique: 'unstated', modality: null, guidanceCode: null, supported: false });
const missingElement = doc({ complete: false });
const spinal = doc({ guidanceCode: '77003', site: { text: 'L4-5 facet', region: 'lumbar-facet', area: 'lumbar-spine', laterality: null, spinal: true } });
const ultrasound = doc({ modality: 'ultrasound', guidanceCode: '76942' });

// The contract's ordered list (remove, query, recode, reduce-units, bill) over every combination
// the rules distinguish.
const table: [string, Documentation, string, string, string | null][] = [
  ['add-on with no primary', doc({}), '77002', 'remove', null],
  ['add-on with only an E/M visit', doc({}), '99213,77002', 'remove', null],
  ['primary that includes guidance', spinal, '64493,77003', 'remove', null],
  ['primary that includes guidance, even if the note is incomplete', missingElement, '64483,77003', 'remove', null],
  ['landmark note', landmark, '20610,77002', 'remove', null],
  ['no needle placement', noNeedle, '20610,77002', 'remove', null],
  ['unstated technique', unstated, '20610,77002', 'query', null],
  ['a required element missing', missingElement, '20610,77002', 'query', null],
  ['a required element missing and the wrong code', missingElement, '20610,77003', 'query', null],
  ['a supported spinal target billed as 77002', spinal, '62273,77002', 'recode', '77003'],
  ['ultrasound guidance billed as fluoroscopy (a liver biopsy: guidance is its own line)', ultrasound, '47000,77002', 'recode', '76942'],
  ['two units of the supported code', doc({}), '20610,77002x2', 'reduce-units', '77002'],
  ['two lines of the supported code', doc({}), '20610,77002,77002', 'reduce-units', '77002'],
  ['the supported code, one unit', doc({}), '20610,77002-26', 'bill', '77002'],
  ['ultrasound code with a primary that does not include it', ultrasound, '47000,76942', 'bill', '76942'],
  ['a non-add-on guidance code with no primary', ultrasound, '76942', 'remove', null],
  ['an add-on beside only a drug code', doc({}), 'J3301,77002', 'remove', null],
  ['an UNCONFIRMED inclusion does not remove by itself', doc({}), 'G0259,77002', 'bill', '77002'],
  ['stand-alone fluoroscopy (76000) beside the supported code is not a primary that includes it', doc({}), '20610,77002,76000', 'bill', '77002'],
  ['76000 is no primary procedure for an add-on', doc({}), '76000,77002', 'remove', null],
  ['fluoroscopy billed on an ultrasound-guided knee billed as 20610: the primary is 20611, which includes it', ultrasound, '20610,77002', 'remove', null],
  ['two units of 77001, whose limit is UNCONFIRMED, are not reduced by themselves', doc({ guidanceCode: '77001' }), '36561,77001x2', 'bill', '77001'],
  ['guidance beside a "without imaging" primary (the with-imaging code includes it)', spinal, '62270,77003', 'remove', null],
  ['ultrasound beside a lumbar puncture, whose with-imaging code is fluoroscopy or CT only', doc({ modality: 'ultrasound', guidanceCode: '76942', site: spinal.site }), '62270,76942', 'bill', '76942'],
];

describe('claim decision (contract claim.action)', () => {
  for (const [name, d, cpt, action, code] of table) {
    it(`${name}: ${cpt} → ${action}`, () => {
      expect(decideClaim(d, readClaimFacts(claimFromFlags(cpt), false))).toEqual({ action, recommendedCode: code });
    });
  }
  it('documented separate sessions allow more than one unit', () => {
    expect(decideClaim(doc({}), readClaimFacts(claimFromFlags('20610,77002x2'), true))?.action).toBe('bill');
  });
});

describe('claim input', () => {
  it('lint() checks a claim from library callers and names the bad field', () => {
    expect(() => lint('Right knee injection under fluoroscopy.', { claim: { lines: [{ code: '7700' }] } as never })).toThrow(/lines\/0\/code/);
    const r = lint('Right knee injection under fluoroscopy.', { claim: { lines: [{ code: '20610' }, { code: '77002' }], placeOfService: '22' } as never });
    expect(r.messages.map((m) => m.ruleId)).toContain('professional-component-modifier');
  });
  it('refuses units that are not a whole number from 1 to 999 (1e400 is Infinity) and claims nested past 8 levels', () => {
    for (const units of [JSON.parse('1e400'), 1000, -1, 0]) {
      expect(() => parseClaim({ lines: [{ code: '77002', units }] }, 'c'), String(units)).toThrow(/\/lines\/0\/units/);
    }
    expect(() => parseClaim({ lines: [{ code: '77002', units: 1000 }] }, 'c')).toThrow(/whole number from 1 to 999/);
    expect(parseClaim({ lines: [{ code: '77002', units: 999 }] }, 'c').lines[0].units).toBe(999);
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => parseClaim({ lines: [{ code: '77002', modifiers: deep }] }, 'c')).toThrow(/claim field \/lines\/0\/modifiers\/0\/0\/0\/0\/0 nests deeper than 8 levels/);
  });
  it('--cpt parses modifiers and units, and names a malformed item', () => {
    expect(claimFromFlags('20610-RT,77002-26-59x2', 'M17.11', '22')).toEqual({
      placeOfService: '22',
      lines: [{ code: '20610', modifiers: ['RT'], units: 1 }, { code: '77002', modifiers: ['26', '59'], units: 2 }],
      diagnoses: ['M17.11'],
    });
    expect(() => claimFromFlags('2061')).toThrow(/--cpt: claim field 2061/);
  });
  it('an unknown code is named in a warning, never guessed at', () => {
    const r = lint('Right knee injection under fluoroscopy.', { claim: claimFromFlags('64455,77002') });
    const m = r.messages.find((m) => m.ruleId === 'unknown-code')!;
    expect(m.severity).toBe('warning');
    expect(m.message).toContain('64455');
  });
  it('a conflicting source (64520 with 77002) is a warning that names the conflict', () => {
    const r = lint('Left lumbar sympathetic block at L2 under fluoroscopy with a 22-gauge needle.', { claim: claimFromFlags('64520,77002') });
    const m = r.messages.find((m) => m.ruleId === 'code-site-mismatch')!;
    expect(m.severity).toBe('warning');
    expect(m.message).toMatch(/conflict/);
  });
});

describe('the code table', () => {
  it('keeps a source for every row and says which CPT year it reflects', () => {
    const t = codeTable();
    expect(t.cptYear).toBe(2026);
    expect(Object.keys(t.codes).length).toBeGreaterThan(150);
    for (const [code, row] of Object.entries(t.codes)) expect(row.source.length, code).toBeGreaterThan(1);
  });

  it('names for each "without imaging" code a sibling in the table that includes that modality\'s guidance', () => {
    const t = codeTable();
    const siblings = Object.entries(t.codes).filter(([, row]) => row.withImaging);
    expect(siblings.map(([code]) => code).sort()).toEqual(['10021', '20600', '20605', '20610', '32554', '32556', '49082', '62270', '62272', '62320', '62322', '62324', '62326']);
    for (const [code, row] of siblings) {
      expect(row.includesGuidance, code).toBe('none');
      for (const [modality, sibling] of Object.entries(row.withImaging!)) {
        expect(rowIncludes(t.codes[sibling], modality as Modality, null), `${code} → ${sibling}`).toBe('certain');
      }
    }
  });
});

describe('claims in the corpus', async () => {
  const notes = (await loadLabeled(['corpus'])).filter((n) => n.claim);
  const rules = ['addon-without-primary', 'guidance-included-in-primary', 'code-site-mismatch', 'code-modality-mismatch', 'units-exceed-encounter', 'modifier-unbundling', 'professional-component-modifier', 'diagnosis-site-mismatch', 'documentation-insufficient'];
  for (const id of rules) {
    it(`${id} is exercised by at least three labeled claims`, () => {
      expect(notes.filter((n) => n.gold.rules?.includes(id)).length).toBeGreaterThanOrEqual(3);
    });
  }
});

describe('claim advice follows the guidance the note documents', () => {
  const run = (note: string, cpt: string) => lint(note, { claim: claimFromFlags(cpt) });
  const ids = (r: ReturnType<typeof run>, id: string) => r.messages.filter((m) => m.ruleId === id).map((m) => m.messageId);
  it('a CT code beside an ultrasound breast biopsy code, on an ultrasound note, bills the included guidance: remove, not recode', () => {
    const r = run('Under real-time ultrasound guidance a 14-gauge core needle was advanced into the left breast mass; images saved to PACS; the needle was seen traversing the mass.', '19083-LT,77012');
    expect(r.claim?.action).toBe('remove');
    expect(ids(r, 'guidance-included-in-primary')).toEqual(['included']);
  });
  it('77002 beside a stereotactic breast biopsy code on a stereotactic note: remove, and no claim that the documentation does not support guidance', () => {
    const r = run('Right breast core needle biopsy under stereotactic guidance; images saved.', '19081-RT,77002');
    expect(r.claim?.action).toBe('remove');
    expect(ids(r, 'guidance-included-in-primary')).toEqual(['included']);
    expect(ids(r, 'documentation-insufficient')).toEqual([]);
  });
  it('without stereotactic guidance in the note, 77002 beside 19081 stays an UNCONFIRMED warning', () => {
    const r = run('Right breast core needle biopsy; images saved.', '19081-RT,77002');
    expect(r.claim?.action).not.toBe('remove');
    expect(ids(r, 'guidance-included-in-primary')).toEqual(['includedUnconfirmed']);
  });
  it('an ultrasound FNA code beside fluoroscopy names the fluoroscopic FNA code, not the code without imaging', () => {
    const r = run('Fine needle aspiration of a right lung nodule under fluoroscopy.', '10005,77002');
    expect(ids(r, 'guidance-included-in-primary')).toEqual(['otherSibling']);
    expect(r.messages.find((m) => m.messageId === 'otherSibling')?.message).toContain('10007');
  });
  it('CT beside a with-imaging pleural drainage code on an ultrasound note is included, not sent to the code without imaging', () => {
    const r = run('Under ultrasound guidance a pleural catheter was placed in the right pleural space; images saved.', '32557,77012');
    expect(ids(r, 'guidance-included-in-primary')).toEqual(['included']);
  });
});

describe('genicular nerves: codes of their own since CPT 2020 (64454, 64624) that include the guidance', () => {
  const note = 'Right genicular nerve block: under fluoroscopic guidance needles were placed at the genicular nerves; positions confirmed on AP and lateral views; images saved to PACS.';
  const run = (cpt: string) => lint(note, { claim: claimFromFlags(cpt) });
  it('64450 + 77002 for a genicular block: remove the guidance, and a warning (the edit on 64450 is UNCONFIRMED) names 64454', () => {
    const r = run('64450-RT,77002');
    expect(r.claim?.action).toBe('remove');
    const m = r.messages.filter((x) => x.ruleId === 'primary-site-code');
    expect(m.map((x) => [x.messageId, x.severity])).toEqual([['specificCode', 'warning']]);
    expect(m[0].message).toMatch(/64454.*UNCONFIRMED/);
  });
  it('64450 alone for a genicular block is not told that 77002 is missing', () => {
    const r = run('64450-RT');
    expect(r.messages.map((x) => x.ruleId)).not.toContain('guidance-documented-not-billed');
    expect(r.messages.map((x) => x.messageId)).toContain('specificCode');
  });
  it('64450 + 77002 for another peripheral nerve keeps its guidance line', () => {
    const r = lint(note.replace(/genicular nerves?/g, 'sciatic nerve'), { claim: claimFromFlags('64450-RT,77002') });
    expect(r.claim?.action).not.toBe('remove');
    expect(r.messages.map((x) => x.messageId)).not.toContain('specificCode');
  });
});

describe('PICC and 77001: the sources disagree, so the advice names the question', () => {
  const note = 'IMAGING GUIDANCE: Under fluoroscopy a PICC was advanced through the right basilic vein; the final image shows the catheter tip at the cavoatrial junction. Images saved to PACS.';
  const run = (cpt: string) => lint(note, { claim: claimFromFlags(cpt) });
  it('77001 beside a PICC code (held in the table or not) is removed, with a warning that names both readings', () => {
    for (const picc of ['36569', '36573']) {
      const r = run(`${picc},77001`);
      expect(r.claim?.action, picc).toBe('remove');
      const m = r.messages.filter((x) => x.ruleId === 'guidance-inclusion-open');
      expect(m.map((x) => [x.messageId, x.severity]), picc).toEqual([['billed', 'warning']]);
      expect(m[0].message).toMatch(/facts\.md §4.*36572\/36573.*open/);
    }
  });
  it('a PICC code alone is not told that 77001 is missing, and no message calls 36569 a code without imaging', () => {
    const r = run('36569,76000');
    const ids = r.messages.map((x) => x.ruleId);
    expect(ids).not.toContain('guidance-documented-not-billed');
    expect(ids).toContain('guidance-inclusion-open');
    for (const m of r.messages) expect(m.message).not.toMatch(/36569 \([^)]*without imaging/);
  });
  it('77001 beside a port (outside the PICC range) is billed as before', () => {
    expect(lint(note.replace('PICC', 'port'), { claim: claimFromFlags('36561,77001') }).messages.map((x) => x.ruleId)).not.toContain('guidance-inclusion-open');
  });
});

describe('spinal codes whose descriptors name fluoroscopy or CT (62321-62329, 64479-64495, 64633-64636, 27096)', () => {
  const run = (note: string, cpt: string) => lint(note, { claim: claimFromFlags(cpt) });
  const rows = (r: ReturnType<typeof run>) => r.messages.filter((m) => m.ruleId === 'guidance-included-in-primary').map((m) => [m.messageId, m.severity]);
  it('the table reads them as including fluoroscopy or CT, not every modality', () => {
    for (const code of ['62321', '62323', '62328', '64483', '64493', '64635', '27096']) expect(codeTable().codes[code].includesGuidance, code).toBe('fluoroscopy-or-ct');
  });
  it('77003 or 77012 beside them is still a certain removal', () => {
    const r = run('Lumbar interlaminar epidural injection under fluoroscopy.', '62323,77003');
    expect(r.claim?.action).toBe('remove');
    expect(rows(r)).toEqual([['included', 'error']]);
  });
  it('ultrasound beside an epidural code is a warning naming the code without imaging, not a removal', () => {
    const r = run('Lumbar interlaminar epidural injection under ultrasound guidance.', '62323,76942');
    expect(r.claim?.action).not.toBe('remove');
    expect(rows(r)).toEqual([['wrongFamily', 'warning']]);
    expect(r.messages.find((m) => m.messageId === 'wrongFamily')?.message).toContain('62322');
  });
  it('ultrasound beside a facet code, which has no code without imaging, is an UNCONFIRMED inclusion', () => {
    expect(rows(run('Left L4-5 facet joint injection under ultrasound guidance.', '64493,76942'))).toEqual([['includedUnconfirmed', 'warning']]);
  });
});

describe('breast codes name their guidance: another modality is its own breast code', () => {
  const us = 'Under ultrasound guidance a 14-gauge core needle was advanced into the left breast mass; images saved to PACS; the needle was seen traversing the mass.';
  const run = (note: string, cpt: string) => lint(note, { claim: claimFromFlags(cpt) });
  const found = (r: ReturnType<typeof run>) => r.messages.filter((m) => m.ruleId === 'guidance-included-in-primary').map((m) => m.messageId);
  it('76942 beside the stereotactic biopsy code on an ultrasound note: remove, the procedure is 19083', () => {
    const r = run(us, '19081-LT,76942');
    expect(r.claim?.action).toBe('remove');
    expect(found(r)).toEqual(['otherSibling']);
    expect(r.messages.find((m) => m.messageId === 'otherSibling')?.message).toContain('19083');
  });
  it('76942 beside the stereotactic localization code on an ultrasound note names 19285', () => {
    expect(run(us.replace('core needle', 'localization wire'), '19283-LT,76942').messages.find((m) => m.messageId === 'otherSibling')?.message).toContain('19285');
  });
  it('on a stereotactic note the stereotactic code simply includes the guidance', () => {
    expect(found(run('Right breast core needle biopsy under stereotactic guidance; images saved.', '19081-RT,76942'))).toEqual(['included']);
  });
});

describe('facility-only codes on the physician\'s office claim', () => {
  const note = 'Right sacroiliac joint injection under fluoroscopy.';
  const office = (cpt: string, pos: string) => lint(note, { claim: claimFromFlags(cpt, undefined, pos) }).messages.filter((m) => m.ruleId === 'facility-code-on-physician-claim');
  it('G0260 at place of service 11 is an error naming 27096', () => {
    const m = office('G0260-RT', '11');
    expect(m.map((x) => x.severity)).toEqual(['error']);
    expect(m[0].message).toContain('27096');
  });
  it('G0260 at a hospital or ASC place of service, and 27096 in the office, say nothing', () => {
    expect(office('G0260-RT', '22')).toEqual([]);
    expect(office('G0260-RT', '24')).toEqual([]);
    expect(office('27096-RT', '11')).toEqual([]);
  });
});

describe('a "without imaging" primary is judged by the guidance the note documents', () => {
  const knee = (modality: string) => `Right knee joint injection: under ${modality} guidance a 22-gauge needle was advanced into the right knee joint; contrast outlined the joint, confirming the position. Images saved to PACS.`;
  const run = (note: string, cpt: string) => lint(note, { claim: claimFromFlags(cpt) });
  it('76942 beside 20610 on a fluoroscopy note is the wrong guidance code (recode to 77002), not a move to 20611', () => {
    const r = run(knee('fluoroscopic'), '20610-RT,76942');
    expect(r.claim).toEqual({ action: 'recode', recommendedCode: '77002' });
    expect(r.messages.map((m) => m.ruleId)).not.toContain('primary-without-imaging');
  });
  it('77002 beside 20610 on an ultrasound note names 20611 as the ultrasound code', () => {
    const r = run(knee('ultrasound'), '20610-RT,77002');
    expect(r.claim?.action).toBe('remove');
    const m = r.messages.filter((x) => x.ruleId === 'primary-without-imaging');
    expect(m.map((x) => x.messageId)).toEqual(['guidanceBilled']);
    expect(m[0].message).toMatch(/with ultrasound guidance the procedure is 20611/);
  });
});
