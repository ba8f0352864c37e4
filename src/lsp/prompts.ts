// The blank prompts an editor can add to the note: a finding's suggestion, put on a line of its own
// where that documentation belongs.
import type { LintResult, Message } from '../types.js';
import { grammars } from '../grammar/index.js';
import type { NoteSection } from '../lint.js';

/**
 * The rules whose suggestion is a line of the note with blanks to fill ("Images saved to: ___"):
 * every documentation element's rule, and the two asking for the technique and the target. The
 * others advise (remove the code, ask the payer, replace a placeholder) and are not note text.
 */
const PROMPT_RULES = new Set([...grammars().elements.map((e) => e.rule.id), 'guidance-not-documented', 'site-undetermined']);

export function isPrompt(m: Message): m is Message & { suggestion: string } {
  return m.suggestion !== undefined && PROMPT_RULES.has(m.ruleId);
}

/** A prompt as an edit: the text to insert and the offset (into the text as given) to insert it at. */
export interface PromptInsertion {
  offset: number;
  text: string;
}

/**
 * Where a prompt goes: at the end of the section holding the note's imaging-guidance section
 * evidence when there is one (the details belong together), else at the end of the section the
 * finding points into (the procedure's narrative), after its last non-blank character, on a new line.
 */
export function promptInsertion(text: string, sections: NoteSection[], result: LintResult, m: Message & { suggestion: string }): PromptInsertion {
  const guidance = result.documentation.elements.guidanceSection?.evidence[0];
  const anchor = guidance?.offset ?? m.offset ?? 0;
  const section = sections.find((s) => s.start <= anchor && anchor < s.end) ?? sections[sections.length - 1];
  let offset = section ? section.end : text.length;
  const floor = section ? section.contentStart : 0;
  while (offset > floor && /\s/.test(text[offset - 1])) offset--;
  const eol = text.includes('\r\n') ? '\r\n' : text.includes('\r') ? '\r' : '\n';
  return offset === 0 ? { offset, text: m.suggestion + eol } : { offset, text: eol + m.suggestion };
}
