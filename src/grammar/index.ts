import { compilers, folderSource, grammarSource, GrammarError, type GrammarSource } from './load.js';
import { compileElements, type ElementSpec } from './elements.js';
import type { ContextFile } from './schema-types/context.js';
import type { ModalitiesFile } from './schema-types/modalities.js';
import type { NeedleFile } from './schema-types/needle.js';
import type { PlaceholdersFile } from './schema-types/placeholders.js';
import type { SectionsFile } from './schema-types/sections.js';
import type { SessionsFile } from './schema-types/sessions.js';
import type { SitesFile } from './schema-types/sites.js';
import type { TechniqueFile } from './schema-types/technique.js';
import type { InclusiveProceduresFile } from './schema-types/inclusive-procedures.js';
import { SECTION_CATEGORIES, type SectionCategory } from './section-category.js';
import type { Modality } from '../types.js';

export { GrammarError } from './load.js';
export type { SectionCategory } from './section-category.js';

export type ContextCategory = 'negated' | 'hypothetical' | 'historical' | 'other-procedure' | 'pseudo' | 'terminate';
export type Direction = 'forward' | 'backward' | 'bidirectional' | 'terminate' | 'pseudo';

export interface Trigger {
  category: ContextCategory;
  direction: Direction;
  re: RegExp;
  maxScope: number;
  npScope: boolean;
}

/**
 * When a placement pattern's hit is a needle: its sentence must name one of `needs` (if any)
 * and none of `unless`; `alsoIn` names sections outside the procedure narrative where it counts
 * too ("ANESTHESIA: spinal").
 */
export interface PlacementSense {
  needs: RegExp[];
  unless: RegExp[];
  alsoIn: Set<string>;
  /** when set, the hit counts only in these sections */
  onlyIn: Set<string> | null;
  /** in an operation, the sentence must also name one of these */
  inSurgeryNeeds: RegExp[];
}


export interface SiteEntry {
  region: string;
  area: string;
  generic: boolean;
  spinal: boolean | null;
  centralVenous: boolean;
  patterns: RegExp[];
}

/** A procedure whose own code includes the imaging guidance (inclusive-procedures.yaml). */
export interface InclusiveProcedure {
  /** the codes as the reader sees them: "64490-64495" */
  codes: string;
  label: string;
  /** the guidance its code includes */
  modalities: Modality[];
  /** guidance no contract modality names (stereotactic) that its code includes */
  guidance?: 'stereotactic';
  source: string;
  patterns: RegExp[];
}

export interface Grammars {
  triggers: Trigger[];
  npScopeStop: RegExp;
  sections: { headers: Map<string, SectionCategory>; patterns: { category: SectionCategory; re: RegExp }[] };
  modalities: { byModality: [Modality, RegExp[]][]; generic: RegExp[]; study: RegExp[]; studyBefore: RegExp[]; headerNone: RegExp[]; headerBlank: RegExp[]; pointOfCare: RegExp[]; resource: RegExp[] };
  /** landmark technique named as such, and the hand's ways of finding the needle's path (near a needle) */
  landmark: { stated: RegExp[]; nearNeedle: RegExp[] };
  needle: { placement: RegExp[]; senses: PlacementSense[]; exclude: RegExp[]; devices: RegExp[]; centralVenous: RegExp[]; narration: RegExp[]; surgery: RegExp[]; staySummary: Set<SectionCategory>; planningTitle: RegExp[] };
  sites: { entries: SiteEntry[]; laterality: { left: RegExp; right: RegExp; bilateral: RegExp }; notTitle: RegExp[] };
  /** the documentation elements (grammars/elements/*.yaml), in result order */
  elements: ElementSpec[];
  distinctSessions: RegExp[];
  placeholders: { named: { name: string; re: RegExp }[]; unticked: RegExp; ticked: RegExp };
  inclusiveProcedures: InclusiveProcedure[];
}


/** The scope, in tokens, of a trigger with no maxScope: any longer scope is a run-on, not a clause. */
export const MAX_SCOPE = 1_000;

const BUILT_CATEGORIES = new Set<string>(SECTION_CATEGORIES);

/** A category of sections.yaml: one of the closed type's, generated from the sections.yaml guidelint was built with. */
function sectionCategory(category: string, where: string): SectionCategory {
  if (!BUILT_CATEGORIES.has(category)) throw new GrammarError(`${where}: category "${category}" is not one guidelint was built with (src/grammar/section-category.ts, generated from grammars/sections.yaml by the build)`);
  return category as SectionCategory;
}

/**
 * Compiles every grammar: from a grammars/ folder (validated and checked as it is read), or by
 * default this process's source (the bundle's checked data, or the folder). Done once per process
 * (and once per worker).
 */
export function compileGrammars(from: string | GrammarSource = grammarSource()): Grammars {
  const src = typeof from === 'string' ? folderSource(from) : from;
  const { compilePattern, compileList } = compilers(src);
  const context = src.file<ContextFile>('context');
  const sections = src.file<SectionsFile>('sections');
  const modalities = src.file<ModalitiesFile>('modalities');
  const technique = src.file<TechniqueFile>('technique');
  const needle = src.file<NeedleFile>('needle');
  const lexicons = new Map(Object.entries(needle.lexicons ?? {}).map(([name, list]) => [name, compileList(list, `needle.yaml lexicons.${name}`)]));
  const lexicon = (names: string[] | undefined, where: string) => (names ?? []).flatMap((n) => {
    const l = lexicons.get(n);
    if (!l) throw new GrammarError(`${where}: no lexicon "${n}" in needle.yaml lexicons`);
    return l;
  });
  const sites = src.file<SitesFile>('sites');
  const sessions = src.file<SessionsFile>('sessions');
  const placeholders = src.file<PlaceholdersFile>('placeholders');
  const inclusive = src.file<InclusiveProceduresFile>('inclusive-procedures');

  const headers = new Map<string, SectionCategory>();
  for (const [name, labels] of Object.entries(sections.headers)) {
    const category = sectionCategory(name, 'sections.yaml headers');
    for (const label of labels) {
      const key = label.toLowerCase();
      if (headers.has(key)) throw new GrammarError(`sections.yaml: header "${label}" is listed under both ${headers.get(key)} and ${category}`);
      headers.set(key, category);
    }
  }

  const patternCategories = sections.patterns.map((p, i) => sectionCategory(p.category, `sections.yaml patterns[${i}]`));
  // the categories this grammar gives, with those the note model gives itself
  const sectionCategories = new Set<SectionCategory>(['preamble', 'narrative', 'other', ...headers.values(), ...patternCategories]);

  return {
    npScopeStop: compilePattern(context.npScopeStop, 'context.yaml npScopeStop'),
    triggers: context.triggers.map((t, i) => ({
      category: t.category,
      direction: t.direction,
      re: compilePattern({ pattern: t.pattern, caseSensitive: t.caseSensitive }, `context.yaml triggers[${i}]`),
      maxScope: Math.min(t.maxScope ?? MAX_SCOPE, MAX_SCOPE),
      npScope: t.npScope === true,
    })),
    sections: {
      headers,
      patterns: sections.patterns.map((p, i) => ({ category: patternCategories[i], re: compilePattern(p.pattern, `sections.yaml patterns[${i}]`) })),
    },
    modalities: {
      byModality: (Object.keys(modalities.modalities) as Modality[]).map((m) => [m, compileList(modalities.modalities[m], `modalities.yaml modalities.${m}`)]),
      generic: compileList(modalities.generic, 'modalities.yaml generic'),
      study: compileList(modalities.study, 'modalities.yaml study'),
      studyBefore: compileList(modalities.studyBefore, 'modalities.yaml studyBefore'),
      headerNone: compileList(modalities.headerNone, 'modalities.yaml headerNone'),
      headerBlank: compileList(modalities.headerBlank, 'modalities.yaml headerBlank'),
      pointOfCare: compileList(modalities.pointOfCare, 'modalities.yaml pointOfCare'),
      resource: compileList(modalities.resource, 'modalities.yaml resource'),
    },
    landmark: { stated: compileList(technique.stated, 'technique.yaml stated'), nearNeedle: compileList(technique.landmark, 'technique.yaml landmark') },
    needle: {
      placement: needle.placement.map((p, i) => compilePattern(typeof p === 'string' ? p : { pattern: p.pattern, caseSensitive: p.caseSensitive }, `needle.yaml placement[${i}]`)),
      senses: needle.placement.map((p, i) => {
        const o = typeof p === 'string' ? { pattern: p } : p;
        return {
          needs: lexicon(o.needs, `needle.yaml placement[${i}].needs`),
          unless: lexicon(o.unless, `needle.yaml placement[${i}].unless`),
          alsoIn: new Set(o.alsoIn ?? []),
          onlyIn: o.onlyIn ? new Set(o.onlyIn) : null,
          inSurgeryNeeds: lexicon(o.inSurgeryNeeds, `needle.yaml placement[${i}].inSurgeryNeeds`),
        };
      }),
      exclude: compileList(needle.exclude, 'needle.yaml exclude'),
      devices: compileList(needle.devices, 'needle.yaml devices'),
      centralVenous: compileList(needle.centralVenous, 'needle.yaml centralVenous'),
      narration: compileList(needle.narration, 'needle.yaml narration'),
      surgery: compileList(needle.surgery, 'needle.yaml surgery'),
      staySummary: new Set((needle.staySummary ?? []).map((c) => sectionCategory(c, 'needle.yaml staySummary'))),
      planningTitle: compileList(needle.planningTitle ?? [], 'needle.yaml planningTitle'),
    },
    sites: {
      entries: sites.sites.map((s, i) => ({
        region: s.region,
        area: s.area,
        generic: s.generic === true,
        spinal: s.spinal,
        centralVenous: s.centralVenous === true,
        patterns: compileList(s.patterns, `sites.yaml sites[${i}] (${s.region})`),
      })),
      laterality: {
        left: compilePattern(sites.laterality.left, 'sites.yaml laterality.left'),
        right: compilePattern(sites.laterality.right, 'sites.yaml laterality.right'),
        bilateral: compilePattern(sites.laterality.bilateral, 'sites.yaml laterality.bilateral'),
      },
      notTitle: compileList(sites.notTitle, 'sites.yaml notTitle'),
    },
    elements: compileElements(src, sectionCategories),
    distinctSessions: compileList(sessions.distinctSessions, 'sessions.yaml distinctSessions'),
    placeholders: {
      named: placeholders.placeholders.map((p, i) => ({ name: p.name, re: compilePattern({ pattern: p.pattern, caseSensitive: true }, `placeholders.yaml placeholders[${i}]`) })),
      unticked: compilePattern({ pattern: placeholders.checkbox.unticked, caseSensitive: true }, 'placeholders.yaml checkbox.unticked'),
      ticked: compilePattern({ pattern: placeholders.checkbox.ticked, caseSensitive: true }, 'placeholders.yaml checkbox.ticked'),
    },
    inclusiveProcedures: inclusive.procedures.map((p, i) => ({ ...p, patterns: compileList(p.patterns, `inclusive-procedures.yaml procedures[${i}]`) })),
  };
}

let cached: Grammars | undefined;
export function grammars(): Grammars {
  return (cached ??= compileGrammars());
}
