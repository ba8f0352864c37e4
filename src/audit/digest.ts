import { isErrorRow, type AuditRow } from './task.js';
import { grammars } from '../grammar/index.js';
import { elementApplies, requiredFirst } from '../grammar/elements.js';
import { isGuidanceCode } from '../claim/codes.js';
import { categoryOf, type Category } from '../report/category.js';
import { siteWords } from '../grammar/site-words.js';

/** What the audit reports say about a note, at a glance. */
export type Verdict = 'supported' | 'incomplete' | 'not-documented' | 'landmark' | 'no-needle' | 'error';

export const VERDICTS: Verdict[] = ['supported', 'incomplete', 'not-documented', 'landmark', 'no-needle', 'error'];

/** The four documentation categories, and a record that could not be linted as its own. */
export type AuditCategory = Category | 'error';

/** A guidance code on the record's claim, as billed. */
export interface BilledGuidance {
  code: string;
  units: number;
}

export interface Digest {
  record: number;
  id: string;
  provider: string | null;
  date: string | null;
  /** YYYY-MM from the date, when it can be read */
  month: string | null;
  /** the finer verdict (landmark and not-documented apart) */
  verdict: Verdict;
  /** the category the summary's tiles and the charts count: the categories partition the rows */
  category: AuditCategory;
  /**
   * what needs someone's action: imaging documented but incomplete, a claim whose guidance line
   * is not billed as is, or an unreadable record. A landmark note with nothing billed is not failing.
   */
  failing: boolean;
  technique: string | null;
  modality: string | null;
  site: string | null;
  code: string | null;
  supported: boolean | null;
  /** required and recommended elements the imaging documentation lacks */
  missing: string[];
  /** distinct error and warning rule ids */
  rules: string[];
  action: string | null;
  recommendedCode: string | null;
  /** a claim came with the record */
  claim: boolean;
  /** guidance lines on the claim (none without a claim) */
  billed: BilledGuidance[];
  errors: number;
  warnings: number;
  error: string | null;
}

const metaString = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : typeof v === 'string' ? v : JSON.stringify(v));

/** 2023-04-05, 2023-04 → 2023-04; 4/5/2023 → 2023-04 (US order, as US claims are written). */
export function monthOf(date: string | null): string | null {
  if (!date) return null;
  let m = /^(\d{4})-(\d{1,2})\b/.exec(date);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}`;
  m = /^(\d{1,2})\/\d{1,2}\/(\d{4})\b/.exec(date);
  if (m) return `${m[2]}-${m[1].padStart(2, '0')}`;
  return null;
}

export function digest(row: AuditRow, specs = grammars().elements): Digest {
  const provider = metaString(row.meta?.provider);
  const date = metaString(row.meta?.date);
  const base = { record: row.record, id: row.id, provider, date, month: monthOf(date) };
  if (isErrorRow(row)) {
    return { ...base, verdict: 'error', category: 'error', failing: true, technique: null, modality: null, site: null, code: null, supported: null, missing: [], rules: [], action: null, recommendedCode: null, claim: false, billed: [], errors: 0, warnings: 0, error: row.error };
  }
  const d = row.documentation;
  const imaging = d.needlePlacement && d.technique === 'imaging';
  const verdict: Verdict = !d.needlePlacement ? 'no-needle' : d.supported ? 'supported' : d.technique === 'landmark' ? 'landmark' : d.technique === 'unstated' ? 'not-documented' : 'incomplete';
  // required elements first, then recommended ones, each in the registry's order
  const missing = imaging
    ? requiredFirst(specs)
        .filter((s) => elementApplies(s, d) && !d.elements[s.name].present)
        .map((s) => s.name)
    : [];
  const category = categoryOf(d);
  const action = row.claim?.action ?? null;
  return {
    ...base,
    verdict,
    category,
    failing: category === 'incomplete' || (action !== null && action !== 'bill'),
    technique: d.technique,
    modality: d.modality,
    // in words, as the report, the CSV and the summary show it to a person
    site: d.site ? siteWords(d.site.region) : null,
    code: d.guidanceCode,
    supported: d.supported,
    missing,
    rules: [...new Set(row.messages.filter((m) => m.severity !== 'info').map((m) => m.ruleId))],
    action,
    recommendedCode: row.claim?.recommendedCode ?? null,
    claim: row.claimLines !== undefined || row.claim !== null,
    billed: (row.claimLines ?? []).filter((l) => isGuidanceCode(l.code)).map((l) => ({ code: l.code, units: l.units })),
    errors: row.summary.errors,
    warnings: row.summary.warnings,
    error: null,
  };
}
