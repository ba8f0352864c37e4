import { compilers, folderSource, grammarSource, GrammarError, type GrammarSource, type PatternSpec } from './load.js';
import { compileElements, type ElementSpec } from './elements.js';
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

export interface SiteEntry {
  region: string;
  area: string;
  generic: boolean;
  spinal: boolean | null;
  centralVenous: boolean;
  patterns: RegExp[];
}

export interface Grammars {
  triggers: Trigger[];
  npScopeStop: RegExp;
  sections: { headers: Map<string, SectionCategory>; patterns: { category: SectionCategory; re: RegExp }[] };
  modalities: { byModality: [Modality, RegExp[]][]; generic: RegExp[]; study: RegExp[] };
  landmark: RegExp[];
  needle: { placement: RegExp[]; exclude: RegExp[]; devices: RegExp[]; centralVenous: RegExp[] };
  sites: { entries: SiteEntry[]; laterality: { left: RegExp; right: RegExp; bilateral: RegExp } };
  /** the documentation elements (grammars/elements/*.yaml), in result order */
  elements: ElementSpec[];
  distinctSessions: RegExp[];
  placeholders: { named: { name: string; re: RegExp }[]; unticked: RegExp; ticked: RegExp };
}

interface ContextFile { npScopeStop: string; triggers: { category: ContextCategory; direction: Direction; pattern: string; caseSensitive?: boolean; maxScope?: number; npScope?: boolean }[] }
interface SectionsFile { headers: Record<string, string[]>; patterns: { category: string; pattern: string }[] }
interface ModalitiesFile { modalities: Record<Modality, PatternSpec[]>; generic: PatternSpec[]; study: PatternSpec[] }
interface SitesFile { sites: { region: string; area: string; generic?: boolean; spinal: boolean | null; centralVenous?: boolean; patterns: PatternSpec[] }[]; laterality: Record<'left' | 'right' | 'bilateral', PatternSpec> }
interface PlaceholdersFile { placeholders: { name: string; pattern: string }[]; checkbox: { unticked: string; ticked: string } }

const UNBOUNDED = 1_000;

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
  const technique = src.file<{ landmark: PatternSpec[] }>('technique');
  const needle = src.file<{ placement: PatternSpec[]; exclude: PatternSpec[]; devices: PatternSpec[]; centralVenous: PatternSpec[] }>('needle');
  const sites = src.file<SitesFile>('sites');
  const sessions = src.file<{ distinctSessions: PatternSpec[] }>('sessions');
  const placeholders = src.file<PlaceholdersFile>('placeholders');

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
      maxScope: t.maxScope ?? UNBOUNDED,
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
    },
    landmark: compileList(technique.landmark, 'technique.yaml landmark'),
    needle: {
      placement: compileList(needle.placement, 'needle.yaml placement'),
      exclude: compileList(needle.exclude, 'needle.yaml exclude'),
      devices: compileList(needle.devices, 'needle.yaml devices'),
      centralVenous: compileList(needle.centralVenous, 'needle.yaml centralVenous'),
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
    },
    elements: compileElements(src, sectionCategories),
    distinctSessions: compileList(sessions.distinctSessions, 'sessions.yaml distinctSessions'),
    placeholders: {
      named: placeholders.placeholders.map((p, i) => ({ name: p.name, re: compilePattern({ pattern: p.pattern, caseSensitive: true }, `placeholders.yaml placeholders[${i}]`) })),
      unticked: compilePattern({ pattern: placeholders.checkbox.unticked, caseSensitive: true }, 'placeholders.yaml checkbox.unticked'),
      ticked: compilePattern({ pattern: placeholders.checkbox.ticked, caseSensitive: true }, 'placeholders.yaml checkbox.ticked'),
    },
  };
}

let cached: Grammars | undefined;
export function grammars(): Grammars {
  return (cached ??= compileGrammars());
}
