// The documentation elements as a registry of data: one grammars/elements/<name>.yaml each,
// read here into compiled specs. Every layer that knows the elements loops over this list.
import { compilers, GrammarError, type GrammarSource } from './load.js';
import type { RuleMeta } from './rule-docs.js';
import type { ElementFile } from './schema-types/element.js';
import type { SectionCategory } from './section-category.js';
import type { Modality, Technique } from '../types.js';

export type ElementNeed = 'required' | 'recommended';

/** A phrasing that must be found; for a duration, with the seconds it states. */
export type PhraseExample = string | { text: string; seconds: number };

/** An element's rule: the rule meta, with its one message (`missing`), expected and suggestion. */
interface ElementRuleFile extends RuleMeta {
  messages: { missing: string };
  expected: string;
  suggestion: string;
}

interface ElementCommon {
  name: string;
  label: string;
  need: ElementNeed;
  when: 'imaging' | Modality;
  /** the field of a gold label's elements that holds this element */
  gold: string;
  rule: ElementRuleFile;
  query?: { topic: string; ask: string; options: string[] };
  phrases: { found: PhraseExample[]; notFound: string[] };
  /** the grammar file, for messages */
  file: string;
}

export interface PhraseElement extends ElementCommon {
  kind: 'phrase';
  /** only the sentences that narrate this procedure, or the whole note */
  scope: 'procedure' | 'note';
  patterns: RegExp[];
  assertion: 'around' | 'inside';
  blankFieldAfter: boolean;
  /** a field answered no right after the hit ("Images saved: No") */
  answeredNo: RegExp | null;
  skipStudySentences: boolean;
  sentenceMustMatch: RegExp[];
  imagingWords: RegExp[];
  notByImaging: RegExp[];
}

export interface SectionElement extends ElementCommon {
  kind: 'section';
  category: SectionCategory;
  aboutThis: RegExp[];
  /** a field label of the category inside a line */
  inlineLabels: RegExp[];
  /** a header of the category that does not name guidance ("RADIATION:" with a dose) */
  labelsNot: RegExp[];
}

/** How a duration's value is read, built from its unit words. Each pattern reads at the start of the text after the lead words. */
export interface DurationValue {
  /** punctuation between the label and the value */
  leadPunctuation: RegExp;
  /** one lead word ("was", "approximately"), read repeatedly */
  leadWord: RegExp;
  /** "00:45", "1:02:03" */
  clock: RegExp;
  /** "1 min 5 sec" */
  minSec: RegExp;
  /** "0.4 minutes", "12.3 s" */
  oneUnit: RegExp;
  /** "12" with no unit */
  unitless: RegExp;
  /** "18 seconds" right before a trailing label (read at the end of the text before it) */
  before: RegExp;
  /** "(sec): 21" */
  unitInParens: RegExp;
  minutes: RegExp;
  hours: RegExp;
  /** a value said in words and its unit: "forty two seconds" */
  spoken: RegExp;
  /** where a number said in words starts */
  spokenStart: RegExp;
  /** the same, minutes then seconds: "one minute forty eight seconds" */
  spokenMinSec: RegExp;
  /** characters a value with its unit may stand past the label */
  skip: number;
}

export interface DurationElement extends ElementCommon {
  kind: 'duration';
  labels: RegExp[];
  weakLabels: RegExp[];
  trailing: RegExp[];
  doseUnits: RegExp;
  value: DurationValue;
  bareTime: RegExp;
  bareTimeNeeds: RegExp;
  clockTimeBefore: RegExp;
}

export type ElementSpec = PhraseElement | SectionElement | DurationElement;

/** A value pattern built from the grammar's words, checked like every grammar pattern. */
function valuePattern(src: GrammarSource, source: string, where: string): RegExp {
  const re = src.pattern(source, where);
  return new RegExp(re.source, 'i'); // read once at a fixed place: not global
}

function compileValue(src: GrammarSource, v: { lead: string[]; seconds: string; minutes: string; hours: string; numberWords: string; skip: number }, where: string): DurationValue {
  // a number: the decimal first, as alternatives (no nested repetition for the ReDoS check)
  const num = String.raw`(\d+\.\d+|\d+)`;
  const anyNum = String.raw`(\d+\.\d+|\d+|\.\d+)`;
  return {
    leadPunctuation: valuePattern(src, String.raw`^[\s:=\-–—,]*`, `${where} value (lead punctuation)`),
    leadWord: valuePattern(src, String.raw`^(?:${v.lead.join('|')})(?![a-z])\s*[:=]?\s*`, `${where} value.lead`),
    clock: valuePattern(src, String.raw`^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?!\d)`, `${where} value (clock)`),
    minSec: valuePattern(src, String.raw`^${num}\s*(?:${v.minutes})\s*(?:and|,)?\s*${num}\s*(?:${v.seconds})\b`, `${where} value (minutes and seconds)`),
    oneUnit: valuePattern(src, String.raw`^${anyNum}\s*(${v.minutes}|${v.seconds}|${v.hours})(?![a-z])`, `${where} value (one unit)`),
    unitless: valuePattern(src, String.raw`^${num}(?![ \t]*(?:[a-zµμ%]|\d|[:.]\d))`, `${where} value (no unit)`),
    before: valuePattern(src, String.raw`${anyNum}\s*(${v.minutes}|${v.seconds})\s*$`, `${where} value (before the label)`),
    unitInParens: valuePattern(src, String.raw`^\s*(?:\(|in )(${v.seconds}|${v.minutes})\)?`, `${where} value (unit in parentheses)`),
    minutes: valuePattern(src, `^(?:${v.minutes})$`, `${where} value.minutes`),
    hours: valuePattern(src, `^(?:${v.hours})$`, `${where} value.hours`),
    spoken: valuePattern(src, String.raw`^((?:(?:${v.numberWords})[ -]){1,6})(${v.minutes}|${v.seconds})\b`, `${where} value (in words)`),
    spokenStart: valuePattern(src, String.raw`\b(?:${v.numberWords.split('|').filter((w) => !['and', 'a', 'point', 'half'].includes(w)).join('|')})\b`, `${where} value (a number word)`),
    spokenMinSec: valuePattern(src, String.raw`^((?:(?:${v.numberWords})[ -]){1,4})(?:${v.minutes})[ ,]{1,2}(?:and )?((?:(?:${v.numberWords})[ -]){1,4})(?:${v.seconds})\b`, `${where} value (minutes and seconds in words)`),
    skip: v.skip,
  };
}

/** Reads and compiles grammars/elements/*.yaml, in their `order`. */
export function compileElements(src: GrammarSource, sectionCategories: ReadonlySet<string>): ElementSpec[] {
  const { compilePattern, compileList } = compilers(src);
  const specs = src.elements<ElementFile>().map(({ file, data: e }): ElementSpec & { order: number } => {
    const where = `elements/${file}`;
    const common = {
      name: e.name,
      order: e.order,
      label: e.label,
      need: e.need,
      when: e.when,
      gold: e.gold ?? e.name,
      rule: e.rule,
      query: e.query,
      phrases: { found: e.phrases?.found ?? [], notFound: e.phrases?.notFound ?? [] },
      file: where,
    };
    if (e.kind === 'phrase') {
      const p = e.phrase ?? {};
      return {
        ...common,
        kind: 'phrase',
        scope: e.scope!,
        patterns: compileList(e.patterns!, `${where} patterns`),
        assertion: p.assertion ?? 'around',
        blankFieldAfter: p.blankFieldAfter === true,
        answeredNo: p.answeredNo ? valuePattern(src, p.answeredNo, `${where} phrase.answeredNo`) : null,
        skipStudySentences: p.skipStudySentences === true,
        sentenceMustMatch: compileList(p.sentenceMustMatch ?? [], `${where} phrase.sentenceMustMatch`),
        imagingWords: compileList(p.imagingWords ?? [], `${where} phrase.imagingWords`),
        notByImaging: compileList(p.notByImaging ?? [], `${where} phrase.notByImaging`),
      };
    }
    if (e.kind === 'section') {
      if (!sectionCategories.has(e.section!.category)) throw new GrammarError(`${where}: section.category "${e.section!.category}" is not a category of sections.yaml`);
      return { ...common, kind: 'section', category: e.section!.category as SectionCategory, aboutThis: compileList(e.section!.aboutThis, `${where} section.aboutThis`), inlineLabels: compileList(e.section!.inlineLabels ?? [], `${where} section.inlineLabels`), labelsNot: compileList(e.section!.labelsNot ?? [], `${where} section.labelsNot`) };
    }
    const d = e.duration!;
    return {
      ...common,
      kind: 'duration',
      labels: compileList(d.labels, `${where} duration.labels`),
      weakLabels: compileList(d.weakLabels, `${where} duration.weakLabels`),
      trailing: compileList(d.trailing, `${where} duration.trailing`),
      doseUnits: compilePattern(d.doseUnits, `${where} duration.doseUnits`),
      value: compileValue(src, d.value, where),
      bareTime: valuePattern(src, d.bareTime, `${where} duration.bareTime`),
      bareTimeNeeds: valuePattern(src, d.bareTimeNeeds, `${where} duration.bareTimeNeeds`),
      clockTimeBefore: valuePattern(src, d.clockTimeBefore, `${where} duration.clockTimeBefore`),
    };
  });
  for (const key of ['name', 'order'] as const) {
    const seen = new Map<unknown, string>();
    for (const s of specs) {
      if (seen.has(s[key])) throw new GrammarError(`${s.file}: ${key} ${JSON.stringify(s[key])} is also used by ${seen.get(s[key])}`);
      seen.set(s[key], s.file);
    }
  }
  return specs.sort((a, b) => a.order - b.order).map(({ order: _order, ...spec }) => spec as ElementSpec);
}

/** Is the element asked for in this note: imaging guided the needle (with the element's modality, if it names one)? */
export function elementApplies(spec: ElementSpec, doc: { technique: Technique; modality: Modality | null }): boolean {
  return doc.technique === 'imaging' && (spec.when === 'imaging' || spec.when === doc.modality);
}

/** The elements in the order rules and reports list them: required ones first, then recommended, each in registry order. */
export function requiredFirst(specs: ElementSpec[]): ElementSpec[] {
  return [...specs.filter((s) => s.need === 'required'), ...specs.filter((s) => s.need !== 'required')];
}

/** The element's need: the registry's, unless the configuration changes it. */
export function elementNeed(spec: ElementSpec, needs?: Record<string, ElementNeed>): ElementNeed {
  return needs?.[spec.name] ?? spec.need;
}

/** Every element the configuration requires for this technique and modality is present (the contract's `supported`, less the code). */
export function requiredPresent(specs: ElementSpec[], doc: { technique: Technique; modality: Modality | null; elements: Record<string, { present: boolean }> }, needs?: Record<string, ElementNeed>): boolean {
  return specs.every((s) => elementNeed(s, needs) !== 'required' || !elementApplies(s, doc) || doc.elements[s.name].present);
}
