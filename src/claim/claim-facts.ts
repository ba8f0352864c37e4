import type { Claim, ClaimLine, GuidanceCode, Modality } from '../types.js';
import { ADDON_GUIDANCE, codeTable, isGuidanceCode, isJudgedCode, type CodeRow, type CodeTable } from './codes.js';

export interface PrimaryLine {
  line: ClaimLine;
  /** undefined for a code the table does not hold */
  row?: CodeRow;
}

export interface GuidanceLine {
  line: ClaimLine;
  code: GuidanceCode;
  modality: Modality;
}

/** The claim read against the code table, once; the claim rules only read this. */
export interface ClaimFacts {
  claim: Claim;
  table: CodeTable;
  guidance: GuidanceLine[];
  /** procedure lines other than guidance codes, stand-alone imaging and E/M visits */
  primaries: PrimaryLine[];
  /** stand-alone imaging lines (76000): not a primary a guidance code adds to */
  standaloneImaging: PrimaryLine[];
  /** lines in a range the edits judge (grammars/judged-codes.yaml) whose code the table does not hold */
  unknown: ClaimLine[];
  /** place of service is a facility (hospital, ASC) where the professional component is billed */
  facility: boolean;
  /** place of service is the office: the practice's own (physician) claim */
  office: boolean;
  /** add-on guidance lines with no primary procedure on the claim */
  addonsWithoutPrimary: GuidanceLine[];
  /**
   * guidance lines beside a primary whose code already includes the guidance: the billed code's, or
   * the guidance the note documents, whatever code the line bills it as
   */
  included: { guidance: GuidanceLine; primary: PrimaryLine; certainty: 'certain' | 'unconfirmed'; /** the code that includes it instead (19081 beside ultrasound: 19083) */ sibling?: string }[];
  /** guidance lines beside a "without imaging" primary whose with-imaging sibling includes that guidance */
  withoutImaging: { guidance: GuidanceLine; primary: PrimaryLine; withImaging: string; modality: Modality }[];
  /** general primaries for a procedure the note names that has a code of its own including the documented guidance (64450 for genicular nerves: 64454) */
  specific: { primary: PrimaryLine; code: string }[];
  /** primaries in a range where the sources disagree whether a guidance code goes beside them (codes.yaml openInclusions) */
  openInclusions: { primary: PrimaryLine; guidance: GuidanceCode[]; question: string }[];
  /** two or more of the fluoroscopic guidance codes (77001-77003) on one claim without distinct sessions */
  combinedFluoroscopy: GuidanceCode[];
  /** guidance codes billed more than one unit (over all their lines) without distinct sessions */
  excessUnits: { code: GuidanceCode; units: number; confirmed: boolean }[];
}

/** NCCI's one-unit-per-encounter statement names these; 77001's MUE is UNCONFIRMED (facts.md §1, §3: S2) */
const ONE_UNIT_CONFIRMED: GuidanceCode[] = ['76942', '77002', '77003', '77012', '77021'];
const FACILITY_POS = new Set(['19', '21', '22', '23', '24']);
const EVALUATION_AND_MANAGEMENT = /^99\d{3}$/;

/** Guidance a note documents: a contract modality, or stereotactic guidance, which only a primary's code includes. */
export type DocumentedGuidance = Modality | 'stereotactic';

/**
 * documented: the guidance the note documents; named: codes of the procedures the note names whose
 * own code includes guidance (inclusive-procedures.yaml)
 */
export function readClaimFacts(claim: Claim, distinctSessions: boolean, documented: DocumentedGuidance[] = [], named: string[] = []): ClaimFacts {
  const table = codeTable();
  const guidance: GuidanceLine[] = [];
  const primaries: PrimaryLine[] = [];
  const standaloneImaging: PrimaryLine[] = [];
  const unknown: ClaimLine[] = [];
  for (const line of claim.lines) {
    if (isGuidanceCode(line.code)) guidance.push({ line, code: line.code, modality: table.guidanceCodes[line.code] });
    else if (EVALUATION_AND_MANAGEMENT.test(line.code)) continue;
    else {
      const row = table.codes[line.code];
      if (!row && isJudgedCode(line.code)) unknown.push(line);
      // an unknown HCPCS level II code (J3301, A4550) is a drug or supply, not a procedure;
      // an unknown CPT code may be one, so it is kept as a possible primary (and named in a
      // warning when it lies in a range the edits judge)
      if (row?.kind === 'imaging') standaloneImaging.push({ line, row });
      else if (row || /^\d/.test(line.code)) primaries.push({ line, row });
    }
  }
  const included: ClaimFacts['included'] = [];
  const withoutImaging: ClaimFacts['withoutImaging'] = [];
  for (const g of guidance) {
    for (const p of primaries) {
      const billed = includesGuidance(p, g);
      // a code that names another guidance, whose sibling for this one includes it (19081 beside 76942: 19083)
      const sibling = modalitySibling(p, g, documented);
      // the note documents the guidance this primary's code includes (19083 for an ultrasound-guided
      // biopsy): the line bills that guidance again, whichever code it names (77012)
      const noted = !sibling && documented.some((d) => rowIncludes(p.row, d, null) === 'certain');
      const certainty = noted || sibling ? 'certain' : billed;
      if (certainty) included.push({ guidance: g, primary: p, certainty, ...(sibling ? { sibling } : {}) });
      // the with-imaging sibling for the guidance the note documents, else the one billed: 76942 beside
      // 20610 on a fluoroscopy note is the wrong guidance code, not a reason to move to 20611
      const modality = guidedBy(g, documented);
      const withImaging = p.row?.withImaging?.[modality];
      if (withImaging) withoutImaging.push({ guidance: g, primary: p, withImaging, modality });
    }
  }
  const specific = primaries.flatMap((primary) => {
    const code = primary.row?.specificCodes?.find((c) => named.includes(c) && documented.some((d) => rowIncludes(table.codes[c], d, null) === 'certain'));
    return code ? [{ primary, code }] : [];
  });
  const openInclusions = primaries.flatMap((primary) => {
    const c = primary.line.code;
    return table.openInclusions.filter((o) => o.from <= c && c <= o.to).map((o) => ({ primary, guidance: o.guidance, question: o.question }));
  });
  const units = new Map<GuidanceCode, number>();
  for (const g of guidance) units.set(g.code, (units.get(g.code) ?? 0) + g.line.units);
  return {
    claim,
    table,
    guidance,
    primaries,
    standaloneImaging,
    unknown,
    facility: FACILITY_POS.has(claim.placeOfService ?? ''),
    office: claim.placeOfService === '11',
    addonsWithoutPrimary: primaries.length ? [] : guidance.filter((g) => ADDON_GUIDANCE.includes(g.code)),
    included,
    withoutImaging,
    specific,
    openInclusions,
    combinedFluoroscopy: distinctSessions ? [] : combined(units),
    excessUnits: distinctSessions ? [] : [...units].filter(([, n]) => n > 1).map(([code, n]) => ({ code, units: n, confirmed: ONE_UNIT_CONFIRMED.includes(code) })),
  };
}

/** The claim's "without imaging" primaries whose with-imaging sibling includes this modality's guidance, with that sibling. */
export function withImagingSiblings(claim: ClaimFacts, modality: Modality): { primary: PrimaryLine; withImaging: string }[] {
  return claim.primaries.flatMap((primary) => {
    const withImaging = primary.row?.withImaging?.[modality];
    return withImaging ? [{ primary, withImaging }] : [];
  });
}

/**
 * The sibling of a code that names its guidance (19081) that includes the guidance documented, or
 * else billed (19083 for ultrasound); none when the note documents the code's own guidance.
 */
function modalitySibling(p: PrimaryLine, g: GuidanceLine, documented: DocumentedGuidance[]): string | undefined {
  if (!p.row?.modalitySiblings || documented.includes(p.row.includesGuidance as DocumentedGuidance)) return undefined;
  return p.row.modalitySiblings[guidedBy(g, documented)];
}

/** The modality that guided the needle: the note's, else the one the guidance line bills. */
function guidedBy(g: GuidanceLine, documented: DocumentedGuidance[]): Modality {
  return documented.find((d): d is Modality => d !== 'stereotactic') ?? g.modality;
}

function combined(units: Map<GuidanceCode, number>): GuidanceCode[] {
  const fluoroscopic = ADDON_GUIDANCE.filter((code) => units.has(code));
  return fluoroscopic.length > 1 ? fluoroscopic : [];
}

/**
 * Does this primary's descriptor already include the guidance billed on `g`?
 * 'certain' when the table says so outright, 'unconfirmed' when the inclusion (or the edit
 * for another modality's code beside a modality-specific primary) is not confirmed by a source.
 */
export function includesGuidance(p: PrimaryLine, g: GuidanceLine): 'certain' | 'unconfirmed' | false {
  return rowIncludes(p.row, g.modality, g.code);
}

/** Does a code row include guidance by this modality (billed, or documented, as `code`)? */
export function rowIncludes(row: CodeRow | undefined, modality: DocumentedGuidance, code: GuidanceCode | null): 'certain' | 'unconfirmed' | false {
  if (!row || row.kind === 'guidance') return false;
  const certainty = row.unconfirmed ? 'unconfirmed' : 'certain';
  if (row.noSeparateGuidance) return certainty;
  if (row.includesGuidance === 'none') return false;
  if (row.includesGuidance === 'all' || row.includesGuidance === 'when-performed') return certainty;
  if (row.includesGuidance === modality) return certainty;
  // a descriptor that names fluoroscopy or CT (62323, 64493, 27096): another modality's guidance
  // beside it is not named by the sources either way
  if (row.includesGuidance === 'fluoroscopy-or-ct') return modality === 'fluoroscopy' || modality === 'ct' ? certainty : 'unconfirmed';
  // a modality-specific primary (e.g. 20611, ultrasound) beside another modality's guidance code:
  // the wrong code family, but the edit itself is UNCONFIRMED (facts.md §2.3)
  if (row.relation77002 === 'bundled' && (code === '77002' || code === '77003')) return 'unconfirmed';
  return false;
}
