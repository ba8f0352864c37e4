// Builds grammars/codes.yaml from ../shared/domain/codes.json (the researched starting table).
// Run again when the shared table changes: node scripts/build-codes.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

const src = JSON.parse(readFileSync(new URL('../../shared/domain/codes.json', import.meta.url), 'utf8'));
const INCLUDES = { true: 'all', false: 'none', 'ultrasound-only': 'ultrasound', 'mr-only': 'mri', 'ct-only': 'ct', 'fluoro-only': 'fluoroscopy', 'stereotactic-only': 'stereotactic', 'when-performed': 'when-performed' };
const inclusionUnconfirmed = /(?:inclu\w*|edit|pairing|bundl\w*)[^.;]*UNCONFIRMED|UNCONFIRMED[^.;]*(?:inclu\w*|edit|pairing)/i;
const codes = {};
for (const r of src) {
  codes[r.code] = {
    paraphrase: r.short,
    kind: r.kind,
    region: r.region,
    includesGuidance: INCLUDES[String(r.includesImagingGuidance)],
    relation77002: r.guidanceCode77002,
    // only an all-imaging inclusion can be unconfirmed; a modality-only descriptor names its modality
    ...(r.includesImagingGuidance === true && inclusionUnconfirmed.test(r.notes) ? { unconfirmed: true } : {}),
    ...(/\bCONFLICT\b/.test(r.notes) ? { conflict: true } : {}),
    notes: r.notes,
    source: r.source,
  };
}
const header = `# The code table: every code with the project's own short paraphrase (never the AMA
# descriptor), its kind (primary / addon / guidance), region, which imaging guidance its
# descriptor includes (all, none, or one modality), how 77002 relates to it, and the sources.
# Built from ../shared/domain/codes.json by scripts/build-codes.mjs; facts.md gives the sources.
# cptYear: the table reflects CPT/PFS 2026 as researched; the CPT parenthetical lists it rests on
# could not be read (facts.md §2.2), so their year is UNCONFIRMED.
# unconfirmed: the inclusion or edit is marked UNCONFIRMED in the sources, so rules that rest on
# it report a warning, not an error. conflict: the sources disagree (named in the message).
`;
writeFileSync(new URL('../grammars/codes.yaml', import.meta.url), header + stringify({ cptYear: 2026, cptYearConfirmed: false, guidanceCodes: { '77001': 'fluoroscopy', '77002': 'fluoroscopy', '77003': 'fluoroscopy', '76942': 'ultrasound', '77012': 'ct', '77021': 'mri' }, codes }, { lineWidth: 0 }));
console.log(`grammars/codes.yaml: ${Object.keys(codes).length} codes`);
