import type { Claim, LintResult, Message, Severity } from './types.js';
import { grammars } from './grammar/index.js';
import { Note } from './note/note.js';
import type { Section } from './note/sections.js';
import { checkNoteText } from './note/decode.js';
import { LineEnds } from './note/line-ends.js';
import { extractFacts } from './extract/facts.js';
import { decideDocumentation } from './decide.js';
import { readClaimFacts } from './claim/claim-facts.js';
import { decideClaim } from './claim/decide-claim.js';
import { rules } from './rules/index.js';
import { formatMessage } from './rules/define.js';
import { validateConfig, type Config } from './config.js';
import { parseClaim } from './claim/parse.js';

export interface LintOptions {
  /** shown as the result's source; a name ending in .md is read as Markdown */
  filename?: string;
  claim?: Claim;
  config?: Config;
}

// when no needle is placed, only no-needle-placement speaks for the note (contract)
const ALWAYS_DOCUMENTATION = new Set(['no-needle-placement']);

/** The note read as lint reads it: LF text in sections and sentences, and the way back to the text as given. */
function readGiven(input: string, source: string, filename: string | undefined): { bom: number; lineEnds: LineEnds; note: Note } {
  // the input policy every front end shares: a string, no NUL, within the size limit (throws InputError)
  const original = checkNoteText(input, source);
  // offsets count into the text as given: a dropped BOM shifts them by one
  const bom = original.length < input.length ? 1 : 0;
  // patterns read LF text, so CRLF, CR and LF copies of a note are read alike; offsets are
  // mapped back to the text as given at the end
  const lineEnds = new LineEnds(original);
  const markdown = filename?.toLowerCase().endsWith('.md') ? true : undefined;
  return { bom, lineEnds, note: new Note(lineEnds.normalized, grammars(), markdown) };
}

export type NoteSection = Pick<Section, 'label' | 'category' | 'start' | 'contentStart' | 'end'>;

/** The note's sections as lint finds them, offsets into the text as given (where an editor adds a line). */
export function noteSections(input: string, filename?: string): NoteSection[] {
  const { bom, lineEnds, note } = readGiven(input, filename ?? '<text>', filename);
  const given = (offset: number) => lineEnds.toOriginal(offset) + bom;
  return note.sections.map(({ label, category, start, contentStart, end }) => ({ label, category, start: given(start), contentStart: given(contentStart), end: given(end) }));
}

/** Lints one note: the same result object the CLI prints. */
export function lint(input: string, options: LintOptions = {}): LintResult {
  const source = options.filename ?? '<text>';
  // a claim or config from library callers is checked as the CLI checks it (throws ClaimError / ConfigError)
  const claim = options.claim ? parseClaim(options.claim, source) : undefined;
  const config = options.config ? validateConfig(options.config, source) : undefined;
  const { bom, lineEnds, note } = readGiven(input, source, options.filename);
  const g = grammars();
  const facts = extractFacts(note, g);
  const needs = config?.elements;
  const doc = decideDocumentation(facts, g.elements, needs);
  // the guidance the note documents, for the claim: its modality, and stereotactic guidance named with
  // the procedure ("stereotactic biopsy"), which the technique does not read (no contract modality)
  const documented = doc.needlePlacement ? [doc.technique === 'imaging' ? doc.modality : null, ...facts.inclusiveProcedures.map((n) => n.procedure.guidance)].filter((d) => d != null) : [];
  const named = facts.inclusiveProcedures.flatMap((n) => n.procedure.codes.split(/[\s,]+/));
  const claimFacts = claim ? readClaimFacts(claim, facts.distinctSessions, documented, named) : undefined;
  const messages: Message[] = [];
  for (const rule of rules) {
    const setting = config?.rules?.[rule.id];
    if (setting === 'off') continue;
    if (rule.kind === 'claim' && !claimFacts) continue;
    if (rule.kind === 'documentation' && !doc.needlePlacement && !ALWAYS_DOCUMENTATION.has(rule.id)) continue;
    rule.check({ facts, doc, claim: claimFacts, needs }, (r) => {
      const severity: Severity = setting ?? r.severity ?? rule.severity;
      const end = note.index.position(r.at.endOffset);
      messages.push({
        ruleId: rule.id,
        messageId: r.messageId,
        severity,
        message: formatMessage(rule, r),
        line: r.at.line,
        column: r.at.column,
        endLine: end.line,
        endColumn: end.column,
        offset: r.at.offset,
        endOffset: r.at.endOffset,
        ...(r.suggestion ? { suggestion: r.suggestion } : {}),
        ...(r.expected ? { expected: r.expected } : {}),
        ...(r.actual ? { actual: r.actual } : {}),
        url: rule.url,
      });
    });
  }
  messages.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  const located = lineEnds.identity && !bom ? doc : lineEnds.remapDocumentation(doc, bom);
  if (!lineEnds.identity || bom) for (const m of messages) Object.assign(m, lineEnds.remapMessage(m, bom));
  return {
    source,
    documentation: located,
    claim: claimFacts ? decideClaim(doc, claimFacts) : null,
    messages,
    summary: {
      errors: messages.filter((m) => m.severity === 'error').length,
      warnings: messages.filter((m) => m.severity === 'warning').length,
      infos: messages.filter((m) => m.severity === 'info').length,
    },
  };
}
