import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { lint } from '../src/lint.js';
import { claimFromFlags } from '../src/claim/parse.js';
import { buildQuery } from '../src/query/query.js';
import { quoteEvidence } from '../src/query/quote.js';
import { explainRule } from '../src/cli/explain.js';
import { ruleById, rules } from '../src/rules/index.js';
import { stylish } from '../src/report/stylish.js';
import { siteWords } from '../src/grammar/site-words.js';
import { digest } from '../src/audit/digest.js';
import { grammars } from '../src/grammar/index.js';

const compliant = readFileSync('test/fixtures/notes/knee-compliant.txt', 'utf8');
const landmark = readFileSync('test/fixtures/notes/knee-landmark.txt', 'utf8');
const medialBranch =
  'PROCEDURE: Bilateral L4-5 medial branch blocks.\nTECHNIQUE: Under fluoroscopy a 22-gauge needle was placed at each target; contrast showed no vascular uptake. Final needle position confirmed on AP and lateral views. Images saved to PACS.\n';
const withClaim = (text: string, cpt: string) => lint(text, { claim: claimFromFlags(cpt) });
const ids = (r: ReturnType<typeof lint>) => r.messages.map((m) => m.ruleId);

describe('claim action only for guidance lines on the claim (issue 14)', () => {
  it('--cpt 20610 on a compliant note: no claim action (nothing billed to act on), and no "bill 77002"', () => {
    const r = withClaim(compliant, '20610');
    expect(r.documentation.supported).toBe(true);
    expect(r.claim?.action ?? null).toBeNull();
    expect(stylish([r])).not.toMatch(/bill 77002/);
    // the supported code that is not on the claim is said neutrally, as information
    const m = r.messages.find((m) => m.ruleId === 'guidance-documented-not-billed')!;
    expect(m.severity).toBe('info');
    expect(m.message).toBe('The documentation supports 77002; the claim has no guidance line');
  });
  it('the same note with 77002 on the claim is billed as documented, and nothing says it is missing', () => {
    const r = withClaim(compliant, '20610,77002');
    expect(r.claim).toEqual({ action: 'bill', recommendedCode: '77002' });
    expect(ids(r)).not.toContain('guidance-documented-not-billed');
  });
  it('a landmark note with no guidance line gets no remove: there is nothing to remove', () => {
    expect(withClaim(landmark, '20610').claim).toBeNull();
    expect(withClaim(landmark, '20610,77002').claim?.action).toBe('remove');
  });
  it('--cpt 64493,64494 (guidance included in the primary) gives no query and no charge-capture line', () => {
    const r = withClaim(medialBranch, '64493,64494');
    expect(r.claim).toBeNull();
    expect(buildQuery(r, medialBranch)).toBeNull();
    // nor when the note leaves elements out: there is no guidance code for them to support
    const bare = 'Left L4-5 facet joint injection under fluoroscopy.';
    const incomplete = withClaim(bare, '64493,64494');
    expect(incomplete.claim).toBeNull();
    expect(buildQuery(incomplete, bare)).toBeNull();
    expect(ids(r)).not.toContain('guidance-documented-not-billed');
    const m = r.messages.find((m) => m.ruleId === 'procedure-includes-guidance')!;
    expect(m.severity).toBe('info');
    expect(m.message).toMatch(/^64493 \(.*\) includes the fluoroscopic guidance/);
  });
  it('a primary whose code includes guidance says so without claim lines when the note names it', () => {
    const r = lint(medialBranch);
    const m = r.messages.find((m) => m.ruleId === 'procedure-includes-guidance')!;
    expect(m.message).toContain("'medial branch blocks' names a facet joint or medial branch injection");
    expect(lint('Interlaminar epidural steroid injection at L4-5 under fluoroscopy.').messages.find((x) => x.ruleId === 'procedure-includes-guidance')?.message).toContain('names an interlaminar or caudal epidural injection');
    expect(m.message).toContain('64490-64495');
    // and spinal-site no longer points it to 77003
    expect(ids(r)).not.toContain('spinal-site');
  });
  it('drug J-codes, E/M visits and lab lines are not findings; an unknown code in a judged range is', () => {
    expect(ids(withClaim(compliant, '99213-25,20610,77002,J3301,J7323,J1030,36415'))).not.toContain('unknown-code');
    const r = withClaim(compliant, '20610,77002,64455,J3301');
    expect(r.messages.filter((m) => m.ruleId === 'unknown-code').map((m) => m.message)).toEqual(['Code 64455 is not in the code table; its edits are not checked']);
  });
  it('one finding per cause: documentation-insufficient does not repeat guidance-included-in-primary', () => {
    const note = 'Right L5-S1 transforaminal epidural steroid injection under fluoroscopy. Images were obtained.';
    const r = withClaim(note, '64483,77003');
    expect(r.documentation.supported).toBe(false);
    expect(ids(r)).toContain('guidance-included-in-primary');
    expect(ids(r)).not.toContain('documentation-insufficient');
    // an unconfirmed inclusion decides nothing: the documentation is still judged
    expect(ids(withClaim('Right knee injection under fluoroscopy.', '20611,77002'))).toContain('documentation-insufficient');
  });
  it('a billed landmark note: the two causes of the contract table, each once, and remove', () => {
    const r = withClaim('Right knee injection by palpation with a 22-gauge needle.', '20610,77002');
    expect(r.documentation.technique).toBe('landmark');
    const fired = r.messages.filter((m) => m.severity === 'error').map((m) => m.ruleId);
    expect(fired.sort()).toEqual(['code-modality-mismatch', 'documentation-insufficient']);
    expect(r.claim?.action).toBe('remove');
  });
  it('RT/LT/50 on a line is checked against the side the note documents', () => {
    const left = withClaim(compliant, '20610-LT,77002');
    expect(left.messages.find((m) => m.ruleId === 'modifier-laterality-mismatch')?.message).toBe("20610-LT bills the left side, but the note documents the right side ('knee')");
    expect(ids(withClaim(compliant, '20610-RT,77002'))).not.toContain('modifier-laterality-mismatch');
    expect(ids(withClaim(compliant, '20610-50,77002'))).toContain('modifier-laterality-mismatch');
  });
  it('every new rule id is listed once, after the ones before it (ids are only ever added)', () => {
    const order = rules.map((r) => r.id);
    for (const id of ['procedure-includes-guidance', 'guidance-documented-not-billed', 'modifier-laterality-mismatch']) expect(order.filter((x) => x === id)).toEqual([id]);
    expect(order.indexOf('unknown-code')).toBeLessThan(order.indexOf('guidance-documented-not-billed'));
  });
});

describe('codes whose descriptor includes the guidance: lumbar puncture, SI-joint nerves, breast and lung biopsy, adhesiolysis, nephrostomy (issue 14)', () => {
  const lp =
    'PROCEDURE: Diagnostic lumbar puncture.\nTECHNIQUE: Under fluoroscopy a 22-gauge spinal needle was advanced into the L3-4 interspace; the lateral view confirmed the needle tip in the thecal sac and clear CSF returned. Images saved to PACS.\n';
  const lateralBranch =
    'PROCEDURE: Left L5 dorsal ramus and S1-S3 lateral branch blocks.\nTECHNIQUE: Under fluoroscopy a 22-gauge needle was placed at each target; final needle position confirmed on AP view. Images saved to PACS.\n';
  const breast =
    'PROCEDURE: Ultrasound-guided core needle biopsy of the right breast.\nTECHNIQUE: A 14-gauge needle was advanced into the mass under real-time ultrasound; needle within the lesion on the saved images.\n';
  const lung =
    'PROCEDURE: CT-guided percutaneous lung biopsy.\nTECHNIQUE: A 19-gauge introducer needle was advanced into the right upper lobe nodule; its tip within the nodule on the saved CT images.\n';
  const at = (r: ReturnType<typeof lint>, id: string) =>
    r.messages.filter((m) => m.ruleId === id).map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.messageId}`);

  it.each([
    [lp, '62328,77003', '77003', '62328'],
    [lp, '62329,77003', '77003', '62329'],
    [lateralBranch, '64451,77003', '77003', '64451'],
    [lateralBranch, '64625,77002', '77002', '64625'],
    [breast, '19083,76942', '76942', '19083'],
    [lung, '32408,77012', '77012', '32408'],
    [lung.replace('CT-guided percutaneous lung biopsy', 'Left percutaneous nephrostomy tube placement'), '50432,77012', '77012', '50432'],
    [lp.replace('Diagnostic lumbar puncture', 'Percutaneous epidural adhesiolysis'), '62264,77003', '77003', '62264'],
  ])('--cpt %s: the guidance line is removed, and said once', (note, cpt, guidance, primary) => {
    const r = withClaim(note, cpt);
    expect(r.claim?.action).toBe('remove');
    const m = r.messages.filter((m) => m.ruleId === 'guidance-included-in-primary');
    expect(m.map((x) => x.message)).toEqual([expect.stringMatching(new RegExp(`^${guidance} is billed with ${primary} \\(.*\\), whose code already includes imaging guidance$`))]);
    expect(ids(r)).not.toContain('procedure-includes-guidance');
    expect(ids(r)).not.toContain('documentation-insufficient');
  });

  it('a note naming a fluoroscopic lumbar puncture with no claim: procedure-includes-guidance, not 77003', () => {
    const r = lint(lp);
    expect(at(r, 'procedure-includes-guidance')).toEqual(['1:23-1:38 namedProcedure']);
    const m = r.messages.find((m) => m.ruleId === 'procedure-includes-guidance')!;
    expect(m.severity).toBe('info');
    expect(m.message).toBe("'lumbar puncture' names a lumbar puncture with imaging guidance: its code (62328, 62329) includes the fluoroscopic guidance, so no separate guidance code is reported");
    expect(ids(r)).not.toContain('spinal-site');
  });

  it('each new family is named from the note, at the words that name it', () => {
    expect(at(lint(lateralBranch), 'procedure-includes-guidance')).toEqual(['1:43-1:64 namedProcedure']);
    expect(lint(lateralBranch).messages.find((m) => m.ruleId === 'procedure-includes-guidance')!.message).toContain('(64451)');
    expect(at(lint(breast), 'procedure-includes-guidance')).toEqual(['1:30-1:68 namedProcedure']);
    expect(at(lint(lung), 'procedure-includes-guidance')).toEqual(['1:12-1:46 namedProcedure']);
    expect(lint(lung).messages.find((m) => m.ruleId === 'procedure-includes-guidance')!.message).toContain('(32408) includes the CT guidance');
  });

  it('the billed primary alone is no charge-capture gap: no claim action, the primary says it includes the guidance', () => {
    const r = withClaim(lp, '62328');
    expect(r.claim).toBeNull();
    expect(ids(r)).not.toContain('guidance-documented-not-billed');
    expect(at(r, 'procedure-includes-guidance')).toEqual(['1:23-1:38 billedPrimary']);
  });

  it('a puncture for an intrathecal drug (96450, with 77003) or under ultrasound (62270 with 76942) is not the imaging lumbar puncture', () => {
    const chemo = 'PROCEDURE: Lumbar puncture with intrathecal methotrexate.\nTECHNIQUE: Under fluoroscopy a 22-gauge spinal needle was advanced into the L3-4 interspace. Images saved to PACS.\n';
    expect(ids(lint(chemo))).not.toContain('procedure-includes-guidance');
    expect(ids(lint(chemo))).toContain('spinal-site');
    expect(ids(lint(lp.replace('Under fluoroscopy', 'Under ultrasound guidance')))).not.toContain('procedure-includes-guidance');
    // nor a lumbar puncture the note only mentions as the cause of a headache
    const patch = 'PROCEDURE: Epidural blood patch for post lumbar puncture headache.\nTECHNIQUE: Under fluoroscopy a 17-gauge Tuohy needle entered the L3-4 epidural space. Images saved to PACS.\n';
    expect(ids(lint(patch))).not.toContain('procedure-includes-guidance');
  });
});

describe('messages name their evidence truly (issues 14, 16)', () => {
  const long =
    'PROCEDURE: Right shoulder subacromial bursa injection under fluoroscopy with the patient seated and the arm in neutral rotation after informed consent was obtained, a 22-gauge needle was advanced into the subacromial bursa and contrast outlined the bursa without vascular uptake and the final needle position was confirmed on AP view and fluoroscopy time was 0.4 minutes with dose 2 mGy recorded in the chart by the technologist on duty.';

  it('the query quotes each element\'s own evidence, cut at word boundaries with the evidence inside', () => {
    const r = withClaim(long, '20610,77002');
    expect(r.claim?.action).toBe('query');
    const q = buildQuery(r, long)!;
    const shown = q.text.split('\n').filter((l) => l.startsWith('  - '));
    const quoteOf = (label: string) => /"(.*)"$/.exec(shown.find((l) => l.startsWith(`  - ${label}:`))!)![1];
    for (const spec of grammars().elements) {
      const el = r.documentation.elements[spec.name];
      if (!el.present) continue;
      const quote = quoteOf(spec.label);
      expect(quote, spec.name).toContain(el.evidence[0].text);
      expect(quote.length, spec.name).toBeLessThanOrEqual(162);
      // each cut falls between words of the note
      for (const piece of quote.split('…').filter(Boolean)) expect(long, spec.name).toContain(piece);
      const inner = quote.replace(/^…|…$/g, '');
      const at = long.indexOf(inner);
      expect(at === 0 || /\s/.test(long[at - 1]), spec.name).toBe(true);
      expect(at + inner.length === long.length || /\s/.test(long[at + inner.length]), spec.name).toBe(true);
    }
    // the fluoroscopy time a cut-off line used to hide is quoted with its own words
    expect(quoteOf('Fluoroscopy time')).toContain('fluoroscopy time was 0.4 minutes');
    expect(new Set(shown.map((l) => l.replace(/^.*?: line/, ''))).size).toBe(shown.length);
  });

  it('a quote is the evidence sentence itself when it is short, line wraps read as spaces', () => {
    const text = 'Prepped and draped.\nUnder fluoroscopy the needle was\nadvanced into the joint. Images saved to PACS.';
    const span = lint(text).documentation.elements.imagesSaved.evidence[0];
    expect(quoteEvidence(text, span)).toBe('Images saved to PACS.');
    const interp = { ...span, offset: text.indexOf('needle'), endOffset: text.indexOf('needle') + 6 };
    expect(quoteEvidence(text, interp)).toBe('Under fluoroscopy the needle was advanced into the joint.');
  });

  it('explain cites sources by name and link, not by internal section and tag', () => {
    for (const rule of rules) {
      const text = explainRule(rule);
      const sources = text.slice(text.indexOf('Sources:'), text.indexOf('Messages:'));
      expect(sources, rule.id).not.toMatch(/facts\.md §|\(S\d|\bS\d+[a-z]?\b/);
    }
    const images = explainRule(ruleById.get('images-not-saved')!);
    expect(images).toContain('AAPM, "Documenting Radiology Services in 2019" <https://painmed.org/practice-management/documenting-radiology-services-in-2019>');
  });

  it('sites are shown in words wherever a person reads them', () => {
    expect(siteWords('subacromial-bursa')).toBe('subacromial bursa');
    expect(siteWords('thumb-cmc-joint')).toBe('thumb CMC joint');
    const facet = lint('Left L4-5 facet joint injection under fluoroscopy.', { claim: claimFromFlags('64493', 'M17.11') });
    expect(facet.messages.find((m) => m.ruleId === 'diagnosis-site-mismatch')!.expected).toBe('a diagnosis for the left lumbar spine');
    const r = lint('Under fluoroscopy a needle was placed into the right subacromial bursa.');
    expect(r.documentation.site?.region).toBe('subacromial-bursa');
    const row = digest({ ...r, record: 1, id: 'n1' } as never);
    expect(row.site).toBe('subacromial bursa');
  });

  it('a landmark message quotes the landmark words, not another modality', () => {
    const r = lint('Right knee injection; ultrasound not used, landmarks palpated.');
    const m = r.messages.find((m) => m.ruleId === 'landmark-technique')!;
    expect(m.message).toContain("documented ('landmarks')");
    const none = lint('Right knee injection; ultrasound was not used.').messages.find((m) => m.ruleId === 'landmark-technique')!;
    expect(none.message).toContain("documented ('ultrasound was not used')");
  });
});
