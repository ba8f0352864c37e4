import type { ElementSpec } from '../grammar/elements.js';
import type { Scanner } from './scan.js';
import type { ModalityMention } from './modality.js';
import type { Placeholder } from './placeholders.js';
import { findPhraseElement } from './element-phrase.js';
import { findSectionElement } from './element-section.js';
import { findDurationElement } from './element-duration.js';
import type { ElementFact } from './element-fact.js';

/**
 * Durations are read before the technique is decided (a time record is not guidance); the
 * other kinds after, since they read the marks the technique puts on modality mentions.
 */
export function findDurations(sc: Scanner, specs: ElementSpec[]): Map<string, ElementFact> {
  return new Map(specs.flatMap((s) => (s.kind === 'duration' ? [[s.name, findDurationElement(sc, s)] as const] : [])));
}

/** Every element of the registry, in its order. */
export function findElements(sc: Scanner, specs: ElementSpec[], durations: Map<string, ElementFact>, mentions: ModalityMention[], placeholders: Placeholder[]): Record<string, ElementFact> {
  const out: Record<string, ElementFact> = {};
  for (const spec of specs) {
    if (spec.kind === 'duration') out[spec.name] = durations.get(spec.name)!;
    else if (spec.kind === 'section') out[spec.name] = findSectionElement(sc, spec, mentions);
    else out[spec.name] = findPhraseElement(sc, spec, mentions, placeholders);
  }
  return out;
}
