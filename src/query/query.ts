import type { LintResult, Span } from '../types.js';
import { quoteEvidence } from './quote.js';
import { LineIndex } from '../note/locate.js';
import { grammars } from '../grammar/index.js';
import { elementApplies } from '../grammar/elements.js';


export interface PhysicianQuery {
  text: string;
  markdown: string;
  fhir: Record<string, unknown>;
}

interface Question {
  topic: string;
  ask: string;
  options: string[];
}

const MODALITY_WORD = { fluoroscopy: 'fluoroscopic', ultrasound: 'ultrasound', ct: 'CT', mri: 'MR' } as const;

/** Is the guidance part of the procedure's own code (procedure-includes-guidance said so)? */
export function guidanceIncludedInProcedure(r: LintResult): boolean {
  return r.messages.some((m) => m.ruleId === 'procedure-includes-guidance');
}

/**
 * Does this result call for a query? With a guidance line on the claim, exactly when its action
 * is `query`; never when the procedure's own code includes the guidance (no guidance code to support).
 */
export function needsQuery(r: LintResult): boolean {
  if (r.claim) return r.claim.action === 'query';
  if (guidanceIncludedInProcedure(r)) return false;
  const d = r.documentation;
  return d.needlePlacement && d.technique !== 'landmark' && !d.supported;
}

/** The whole line a stretch of evidence sits on, trimmed and cut at 160 characters: `line N: "…"`. */
export function quoteLine(text: string, index: LineIndex, span: Pick<Span, 'line'>): string {
  const from = index.lineStart(span.line);
  const to = text.slice(from).search(/[\r\n]/);
  const line = text.slice(from, to < 0 ? text.length : from + to).trim();
  return `line ${span.line}: "${line.length > 160 ? line.slice(0, 157) + '…' : line}"`;
}

function quote(text: string, span: Span): string {
  return `line ${span.line}: "${quoteEvidence(text, span)}"`;
}

/**
 * A compliant, non-leading physician query (AHIMA/ACDIS practice): it states what the record
 * shows, asks about each missing element with open or multiple-choice options that include
 * "other" and "unable to determine", never suggests an answer and never mentions payment.
 * Returns null when no query is called for.
 */
export function buildQuery(r: LintResult, text: string): PhysicianQuery | null {
  if (!needsQuery(r)) return null;
  const d = r.documentation;
  const shows: string[] = [];
  const firstNeedle = r.messages.find((m) => m.ruleId === 'guidance-not-documented');
  if (firstNeedle) shows.push(`A needle procedure is documented (line ${firstNeedle.line}).`);
  const specs = grammars().elements;
  for (const spec of specs) {
    const el = d.elements[spec.name];
    if (el?.present && el.evidence[0]) shows.push(`${spec.label}: ${quote(text, el.evidence[0])}`);
  }
  if (d.site?.span) shows.push(`Procedure site: ${quote(text, d.site.span)}`);

  const imaging = d.modality ? `${MODALITY_WORD[d.modality]} imaging` : 'imaging';
  const questions: Question[] = [];
  if (d.technique === 'unstated') {
    questions.push({
      topic: 'Guidance method',
      ask: 'How was the needle guided to its target during this procedure?',
      options: ['Fluoroscopy', 'Ultrasound', 'CT', 'MRI', 'Anatomic landmarks / palpation, without imaging', 'Other (please specify): ___', 'Unable to determine'],
    });
  } else {
    if (!d.site) questions.push({ topic: 'Target', ask: 'What anatomic structure (and side) was the needle directed to?', options: ['Structure and side: ___', 'Other (please specify): ___', 'Unable to determine'] });
    // each element the registry asks the physician about, when it applies and is missing
    for (const spec of specs) {
      if (!spec.query || !elementApplies(spec, d) || d.elements[spec.name]?.present) continue;
      const fill = (t: string) => t.replaceAll('{imaging}', imaging);
      questions.push({ topic: spec.query.topic, ask: fill(spec.query.ask), options: spec.query.options.map(fill) });
    }
  }
  if (questions.length === 0) return null;

  const intro = 'Documentation clarification request. Please review the procedure note and, in your clinical judgment, add to the record what applies. Any answer, including "unable to determine", is acceptable.';
  const textOut = [
    `Physician query — ${r.source}`,
    '',
    intro,
    '',
    'What the record shows:',
    ...(shows.length ? shows.map((s) => `  - ${s}`) : ['  - (no related statements found)']),
    '',
    ...questions.flatMap((q, i) => [`${i + 1}. ${q.topic}: ${q.ask}`, ...q.options.map((o) => `   [ ] ${o}`), '']),
  ].join('\n');
  const markdown = [
    `# Physician query — ${r.source}`,
    '',
    intro,
    '',
    '## What the record shows',
    ...(shows.length ? shows.map((s) => `- ${s}`) : ['- (no related statements found)']),
    '',
    ...questions.flatMap((q, i) => [`## ${i + 1}. ${q.topic}`, '', q.ask, '', ...q.options.map((o) => `- [ ] ${o}`), '']),
  ].join('\n');
  const fhir = {
    resourceType: 'Communication',
    status: 'preparation',
    category: [{ text: 'Physician query (clinical documentation clarification)' }],
    topic: { text: `Documentation clarification: ${questions.map((q) => q.topic.toLowerCase()).join(', ')}` },
    about: [{ display: r.source }],
    payload: [
      { contentString: markdown },
      ...questions.map((q) => ({ contentString: `${q.ask} Options: ${q.options.join('; ')}` })),
    ],
    note: [{ text: 'Generated by guidelint from the note text; non-leading, answer options include other and unable to determine.' }],
  };
  return { text: textOut + '\n', markdown: markdown + '\n', fhir };
}
