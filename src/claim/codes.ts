import { grammarSource } from '../grammar/load.js';
import type { GuidanceCode, Modality } from '../types.js';
import type { JudgedCodesFile } from '../grammar/schema-types/judged-codes.js';

export interface CodeRow {
  paraphrase: string;
  /** imaging: a stand-alone imaging service (76000), not a procedure a guidance code adds to */
  kind: 'primary' | 'addon' | 'guidance' | 'imaging';
  region: string;
  includesGuidance: 'all' | 'none' | 'ultrasound' | 'mri' | 'ct' | 'fluoroscopy' | 'fluoroscopy-or-ct' | 'stereotactic' | 'when-performed';
  relation77002: 'allowed' | 'bundled' | 'use-77003' | 'not-applicable';
  /** no guidance code of any modality is reported with it (its own modality's guidance is included; another's is another primary) */
  noSeparateGuidance?: true;
  /** a spinal procedure that is not an injection: 77002 or 77003 beside it is UNCONFIRMED (77003 is for spinal injections) */
  spinalSplitUnconfirmed?: true;
  /** for a code that names its guidance (19081 stereotactic), the sibling that includes each other modality's (ultrasound: 19083) */
  modalitySiblings?: Partial<Record<Modality, string>>;
  /** a facility-only code (OPPS/ASC, G0260): the code a physician's claim reports instead (27096) */
  physicianCode?: string;
  /** codes of its own, since CPT 2020, for a procedure this general code once covered (64450: genicular nerves, 64454) */
  specificCodes?: string[];
  /** sites (grammars/sites.yaml regions) where payers want another code (20610 at the sacroiliac joint: 27096) */
  siteCode?: Record<string, string>;
  /** a "without imaging" code: the sibling code that includes each modality's guidance */
  withImaging?: Partial<Record<Modality, string>>;
  unconfirmed?: boolean;
  conflict?: boolean;
  notes?: string;
  source: string;
}

export interface CodeTable {
  cptYear: number;
  cptYearConfirmed: boolean;
  /** code ranges where the sources disagree whether these guidance codes go beside them (PICC and 77001) */
  openInclusions: { from: string; to: string; guidance: GuidanceCode[]; question: string; source: string }[];
  guidanceCodes: Record<GuidanceCode, Modality>;
  codes: Record<string, CodeRow>;
}

export interface IcdRow {
  /** body areas (grammars/sites.yaml `area`) the diagnosis names */
  areas: string[];
  side: 'left' | 'right' | 'bilateral' | null;
  label: string;
}

let codes: CodeTable | undefined;
let icd: Record<string, IcdRow> | undefined;
let judged: JudgedCodesFile['ranges'] | undefined;

export function codeTable(): CodeTable {
  return (codes ??= grammarSource().file<CodeTable>('codes'));
}

export function icdTable(): Record<string, IcdRow> {
  return (icd ??= grammarSource().file<{ source: string; codes: Record<string, IcdRow> }>('icd10').codes);
}

/**
 * Is the code in a range the claim edits judge (radiology guidance, the needle procedures)?
 * A drug J-code, an E/M visit or a lab test is not: an unknown one is not a finding.
 */
export function isJudgedCode(code: string): boolean {
  judged ??= grammarSource().file<JudgedCodesFile>('judged-codes').ranges;
  return judged.some((r) => r.from <= code && code <= r.to);
}

export const GUIDANCE_CODES: GuidanceCode[] = ['77001', '77002', '77003', '76942', '77012', '77021'];
export const ADDON_GUIDANCE: GuidanceCode[] = ['77001', '77002', '77003'];

export function isGuidanceCode(code: string): code is GuidanceCode {
  return (GUIDANCE_CODES as string[]).includes(code);
}

/** ICD-10-CM with or without the dot, looked up in the project's table. */
export function lookupIcd(code: string): IcdRow | undefined {
  const t = icdTable();
  const c = code.toUpperCase().replace(/\s/g, '');
  if (t[c]) return t[c];
  const dotted = c.includes('.') ? c : c.length > 3 ? `${c.slice(0, 3)}.${c.slice(3)}` : c;
  return t[dotted];
}
