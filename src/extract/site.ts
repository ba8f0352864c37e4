import type { Laterality, Site } from '../types.js';
import type { Hit, Scanner } from './scan.js';
import { GrowingSpans, isAffirmed } from './scan.js';
import type { NeedleFact } from './needle.js';

interface Candidate {
  hit: Hit;
  entry: number;
  tier: number;
}

/**
 * The needle's anatomic target: the first site named in the procedure's title, else in a
 * sentence that places the needle, else anywhere in the procedure narrative. Central venous
 * access wins when the note places a central venous device.
 */
export function findSite(sc: Scanner, needle: NeedleFact): Site | null {
  const { entries } = sc.g.sites;
  const needleSentences = new Set(needle.hits.map((h) => h.sentence));
  const candidates: Candidate[] = [];
  const taken = new GrowingSpans();
  // a site outside the procedure narrative and the indication is no candidate, nor takes words
  // from one: those sentences are not scanned
  const where = sc.sentencesWhere((i) => sc.procedureSentences[i] === 1 || sc.note.sectionOf(i).category === 'indication');
  entries.forEach((entry, i) => {
    for (const hit of sc.scan(entry.patterns, where)) {
      if (taken.overlaps(hit.start, hit.end)) continue;
      const category = sc.category(hit);
      if (!isAffirmed(sc.assess(hit))) continue;
      taken.add(hit.start, hit.end);
      // the title (a procedure section, or a first line that names the procedure) names the target best
      const title = category === 'procedure' || (hit.sentence <= 1 && category === 'preamble' && needleSentences.has(hit.sentence) && !sc.sentenceMatches(sc.g.sites.notTitle, hit.sentence));
      const tier = title ? 0 : needleSentences.has(hit.sentence) ? 1 : category === 'indication' ? 3 : 2;
      candidates.push({ hit, entry: i, tier: tier * 2 + (entry.generic ? 3 : 0) });
    }
  });
  if (candidates.length === 0) return null;
  let pool = candidates;
  if (needle.centralVenous) {
    const cv = candidates.filter((c) => entries[c.entry].centralVenous);
    if (cv.length) pool = cv;
  }
  // within a tier a sympathetic/visceral target wins over the vertebral levels it is found by,
  // then the region the note keeps naming ("left foot internally rotated" is positioning)
  const mentions = new Map<number, number>();
  for (const c of candidates) mentions.set(c.entry, (mentions.get(c.entry) ?? 0) + 1);
  const plexus = (c: Candidate) => (entries[c.entry].spinal === null ? 0 : 1);
  pool.sort((a, b) => a.tier - b.tier || plexus(a) - plexus(b) || mentions.get(b.entry)! - mentions.get(a.entry)! || a.hit.start - b.hit.start);
  // a region named right before a structure inside it names where that structure is ("left
  // shoulder subacromial bursa" is a bursa of the shoulder): the structure is the target. Not so
  // for two names of one kind ("transforaminal epidural", "epidural blood patch")
  let best = pool[0];
  const inside = (c: Candidate) => c.entry !== best.entry && entries[c.entry].area === entries[best.entry].region && c.tier === best.tier
    && c.hit.sentence === best.hit.sentence && c.hit.start > best.hit.end && /^ +$/.test(sc.note.text.slice(best.hit.end, c.hit.start));
  for (let next; (next = pool.find(inside)); ) best = next;
  const entry = entries[best.entry];
  // the side may be stated where the same region is named elsewhere ("R knee … tip over the recess")
  const side = [best, ...pool.filter((c) => c.entry === best.entry && c !== best)].map((c) => laterality(sc, c.hit)).find((l) => l !== null) ?? null;
  return {
    text: sc.note.text.slice(best.hit.start, best.hit.end),
    region: entry.region,
    area: entry.area,
    laterality: side,
    spinal: entry.spinal,
    span: sc.span(best.hit),
  };
}

function laterality(sc: Scanner, hit: Hit): Laterality | null {
  const s = sc.note.sentences[hit.sentence];
  const before = sc.note.text.slice(Math.max(s.start, hit.start - 40), hit.start);
  const after = sc.note.text.slice(hit.end, Math.min(s.end, hit.end + 25));
  const { left, right, bilateral } = sc.g.sites.laterality;
  const test = (re: RegExp, t: string) => {
    re.lastIndex = 0;
    return re.test(t);
  };
  for (const t of [before, after]) {
    if (test(bilateral, t) || (test(left, t) && test(right, t))) return 'bilateral';
    if (test(left, t)) return 'left';
    if (test(right, t)) return 'right';
  }
  return null;
}
