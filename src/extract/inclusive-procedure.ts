import type { Span } from '../types.js';
import type { InclusiveProcedure } from '../grammar/index.js';
import { isAffirmed, type Scanner } from './scan.js';

/** A procedure named in the note whose own code includes the imaging guidance. */
export interface NamedProcedure {
  procedure: InclusiveProcedure;
  /** where the note names it first */
  span: Span;
}

/**
 * Each procedure of inclusive-procedures.yaml the procedure narrative names, affirmed (not a
 * history or a plan), in the grammar's order. Words an earlier procedure took are not read
 * again for a later one ("facet joint injection" is no "joint injection"), so a facet injection
 * under ultrasound, whose code family is another, is not read as an ultrasound joint injection.
 */
export function findInclusiveProcedures(sc: Scanner): NamedProcedure[] {
  const out: NamedProcedure[] = [];
  const taken: [number, number][] = [];
  for (const procedure of sc.g.inclusiveProcedures) {
    const hits = sc.scan(procedure.patterns, sc.procedureSentences).filter((h) => !sc.isUnticked(h) && isAffirmed(sc.assess(h)));
    const free = hits.find((h) => !taken.some(([a, b]) => a < h.end && h.start < b));
    for (const h of hits) taken.push([h.start, h.end]);
    if (free) out.push({ procedure, span: sc.span(free) });
  }
  return out;
}
