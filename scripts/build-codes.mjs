// Builds grammars/codes.yaml from ../shared/domain/codes.json (the researched starting table).
// Run again when the shared table changes: node scripts/build-codes.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

const src = JSON.parse(readFileSync(new URL('../../shared/domain/codes.json', import.meta.url), 'utf8'));
const INCLUDED_BY = { true: 'all', false: 'none', 'ultrasound-only': 'ultrasound', 'mr-only': 'mri', 'ct-only': 'ct', 'fluoro-only': 'fluoroscopy', 'stereotactic-only': 'stereotactic', 'when-performed': 'when-performed' };
const inclusionUnconfirmed = /(?:inclu\w*|edit|pairing|bundl\w*|append\w*)[^.;]*UNCONFIRMED|UNCONFIRMED[^.;]*(?:inclu\w*|edit|pairing)/i;
// the "without imaging" codes and the sibling that includes each modality's guidance (facts.md §2.3,
// §2.5 and pitfall 6: S21 FNA, S23 thoracentesis and pleural drainage, S24 paracentesis, S50 epidural,
// S51 lumbar puncture); codes.json has no field for it. A modality not listed has no with-imaging
// sibling (the epidural and lumbar puncture siblings name fluoroscopy or CT only).
const ALL_IMAGING = (code) => ({ fluoroscopy: code, ultrasound: code, ct: code, mri: code });
const FLUORO_OR_CT = (code) => ({ fluoroscopy: code, ct: code });
const WITH_IMAGING = {
  // the joint and bursa codes "without ultrasound guidance" (facts.md §2.2, S18, S1; US siblings §2.3, S27, S62)
  20600: { ultrasound: '20604' },
  20605: { ultrasound: '20606' },
  20610: { ultrasound: '20611' },
  10021: { ultrasound: '10005', fluoroscopy: '10007', ct: '10009', mri: '10011' },
  32554: ALL_IMAGING('32555'),
  32556: ALL_IMAGING('32557'),
  49082: ALL_IMAGING('49083'),
  62270: FLUORO_OR_CT('62328'),
  62272: FLUORO_OR_CT('62329'),
  62320: FLUORO_OR_CT('62321'),
  62322: FLUORO_OR_CT('62323'),
  62324: FLUORO_OR_CT('62325'),
  62326: FLUORO_OR_CT('62327'),
};
// 76000 is fluoroscopy as a service of its own, not a procedure a guidance add-on attaches to: NCCI
// calls it integral to most spinal, endoscopic and injection procedures (facts.md §3, S3, S31)
const KIND = { 76000: 'imaging' };
// no guidance code of any modality is reported with these: localization devices (facts.md §2.3,
// pitfall 7: S56, S57) and FNA with imaging, where another modality is its own FNA code (S21)
const NO_SEPARATE_GUIDANCE = /^(?:1928[1-8]|1003[56]|100(?:0[5-9]|1[0-2]))$/;
// 76937 is ultrasound guidance for vascular access, an add-on of its own: billed with 77001 for the
// tip (S33), it includes no other guidance; codes.json marks it as including all
// The spinal codes whose descriptors name the guidance they include, fluoroscopy or CT (codes.json
// marks them as including all imaging): the epidurals 62321-62327 (facts.md §2.5: S50, S4), lumbar
// puncture 62328/62329 (S51), transforaminal 64479-64484 (codes.json notes, S10), facet 64490-64495
// and 64633-64636 (§2.5, §4: S15, S29, S15c; ultrasound is the 0213T-0218T family) and the SI joint
// 27096 (S11). Another modality's code beside them is a warning (UNCONFIRMED), not a certain removal.
const FLUORO_OR_CT_INCLUDED = /^(?:6232[1357]|6232[89]|6447[9]|6448[0-4]|6449[0-5]|6463[3-6]|27096)$/;
const INCLUDES = { 76937: 'none' };
// a site with a code of its own: Medicare contractors want 27096 (physicians, guidance included)
// for the sacroiliac joint, not 20610; one commercial payer pays 20610 (facts.md §4: S28, S28b, S17, S43)
const SITE_CODE = { 20610: { 'sacroiliac-joint': '27096' } };
// a procedure with a code of its own since CPT 2020, which includes the imaging guidance: genicular
// nerve injection 64454 and neurolysis 64624, before billed as 64450 and 64640 (facts.md §2.5, §6: S10;
// §6 gives a genicular target no guidance code, so either general code points to the one the note names).
// That a payer edit rejects the general code there is UNCONFIRMED (an older NCCI text counts the
// genicular branches as one unit of 64450, §3: S44)
const SPECIFIC_CODES = { 64450: ['64454', '64624'], 64640: ['64624', '64454'] };
// spinal procedures that are not injections, where 77002 or 77003 is UNCONFIRMED: 77003 is for
// spinal injections only (facts.md §2.1, S40); vertebral body biopsy and discography (§6)
const SPINAL_SPLIT_UNCONFIRMED = new Set(['20225', '62267', '62290', '62291']);
// where the sources disagree, the question is named, not answered. PICC: facts.md §4 (S34) says 77001
// and 76937 are not reported with 36568-36584, "the PICC codes that include imaging"; codes.json's
// 36569 row calls it the no-imaging PICC code, whose with-imaging code (36572/36573, numbers
// UNCONFIRMED) is reported instead of adding 77001/76937. Both keep 77001 off a PICC code's claim.
const OPEN_INCLUSIONS = [
  {
    from: '36568',
    to: '36584',
    guidance: ['77001'],
    question: "the fact sheet (facts.md §4, S34) says 77001 is not reported with the PICC codes 36568-36584 because they include imaging; the code table says 36569 is the PICC code without imaging, billed as the PICC code with imaging (36572/36573, numbers UNCONFIRMED) rather than with 77001. Both keep 77001 off the claim; whether this PICC code is the right one is open: check the current CPT descriptor",
    source: 'facts.md §4 (S34); ../shared/domain/codes.json 36569',
  },
];
// the code table's 36569 paraphrase says "without imaging guidance", one side of that open question
const PARAPHRASE = { 36569: 'PICC insertion, age 5+; imaging inclusion open, facts.md §4' };
// the breast codes each name their guidance (facts.md §2.3: biopsy 19081/19083/19085, S26; localization
// 19281/19283/19285/19287, S56; the even codes are each additional lesion): another modality's
// guidance is that modality's own code, which includes it (stereotactic and mammographic are no modality)
const family = (byGuidance) => Object.fromEntries(Object.entries(byGuidance).map(([own, code]) => [code, Object.fromEntries(Object.entries(byGuidance).filter(([m]) => m !== own && ['ultrasound', 'mri'].includes(m)))]));
const MODALITY_SIBLINGS = {
  ...family({ stereotactic: '19081', ultrasound: '19083', mri: '19085' }),
  ...family({ stereotactic: '19082', ultrasound: '19084', mri: '19086' }),
  ...family({ mammographic: '19281', stereotactic: '19283', ultrasound: '19285', mri: '19287' }),
  ...family({ mammographic: '19282', stereotactic: '19284', ultrasound: '19286', mri: '19288' }),
};
// facility-only codes (OPPS/ASC) and what a physician reports instead: G0260 is not payable on the
// MPFS, physicians report 27096 (facts.md §4, pitfall 9: S12, S13, S14)
const PHYSICIAN_CODE = { G0260: '27096' };
const codes = {};
for (const r of src) {
  codes[r.code] = {
    paraphrase: PARAPHRASE[r.code] ?? r.short,
    kind: KIND[r.code] ?? r.kind,
    region: r.region,
    includesGuidance: INCLUDES[r.code] ?? (FLUORO_OR_CT_INCLUDED.test(r.code) ? 'fluoroscopy-or-ct' : INCLUDED_BY[String(r.includesImagingGuidance)]),
    relation77002: r.guidanceCode77002,
    ...(WITH_IMAGING[r.code] ? { withImaging: WITH_IMAGING[r.code] } : {}),
    ...(NO_SEPARATE_GUIDANCE.test(r.code) ? { noSeparateGuidance: true } : {}),
    ...(SITE_CODE[r.code] ? { siteCode: SITE_CODE[r.code] } : {}),
    ...(SPECIFIC_CODES[r.code] ? { specificCodes: SPECIFIC_CODES[r.code] } : {}),
    ...(MODALITY_SIBLINGS[r.code] ? { modalitySiblings: MODALITY_SIBLINGS[r.code] } : {}),
    ...(PHYSICIAN_CODE[r.code] ? { physicianCode: PHYSICIAN_CODE[r.code] } : {}),
    ...(SPINAL_SPLIT_UNCONFIRMED.has(r.code) ? { spinalSplitUnconfirmed: true } : {}),
    // only an all-imaging inclusion can be unconfirmed; a modality-only descriptor names its modality
    ...(r.includesImagingGuidance === true && inclusionUnconfirmed.test(r.notes) ? { unconfirmed: true } : {}),
    ...(/\bCONFLICT\b/.test(r.notes) ? { conflict: true } : {}),
    notes: r.notes,
    source: r.source,
  };
}
const header = `# The code table: every code with the project's own short paraphrase (never the AMA
# descriptor), its kind (primary / addon / guidance / imaging: stand-alone fluoroscopy), region,
# which imaging guidance its descriptor includes (all, none, or one modality), how 77002 relates
# to it, for a "without imaging" code the sibling that includes each modality's guidance
# (withImaging), whether no guidance code of any modality is reported with it
# (noSeparateGuidance), the sites where another code applies (siteCode: region -> code), the codes
# of its own a procedure it once covered has (specificCodes), for a code that names its guidance the
# sibling that includes each other modality's (modalitySiblings), for a facility-only code what a
# physician reports instead (physicianCode), whether
# 77002 or 77003 beside it is UNCONFIRMED (spinalSplitUnconfirmed), and the sources.
# Built from ../shared/domain/codes.json by scripts/build-codes.mjs; facts.md gives the sources.
# cptYear: the table reflects CPT/PFS 2026 as researched; the CPT parenthetical lists it rests on
# could not be read (facts.md §2.2), so their year is UNCONFIRMED.
# unconfirmed: the inclusion or edit is marked UNCONFIRMED in the sources, so rules that rest on
# it report a warning, not an error. conflict: the sources disagree (named in the message).
# openInclusions: code ranges where the sources disagree whether a guidance code goes beside them.
`;
writeFileSync(new URL('../grammars/codes.yaml', import.meta.url), header + stringify({ cptYear: 2026, cptYearConfirmed: false, openInclusions: OPEN_INCLUSIONS, guidanceCodes: { '77001': 'fluoroscopy', '77002': 'fluoroscopy', '77003': 'fluoroscopy', '76942': 'ultrasound', '77012': 'ct', '77021': 'mri' }, codes }, { lineWidth: 0 }));
console.log(`grammars/codes.yaml: ${Object.keys(codes).length} codes`);
