import type { Element, Span } from '../types.js';

/** One element as found: present, its evidence, and for a duration its seconds and unitless values. */
export interface ElementFact extends Element {
  seconds?: number | null;
  unitless?: Span[];
}
