/**
 * A site's region (grammars/sites.yaml, a slug such as "subacromial-bursa") as a person reads
 * it: "subacromial bursa". Abbreviations a slug lower-cases are written as capitals again.
 */
const ABBREVIATIONS = new Set(['cmc', 'si', 'tmj', 'ac', 'sc']);

export function siteWords(region: string): string {
  return region
    .split('-')
    .map((w) => (ABBREVIATIONS.has(w) ? w.toUpperCase() : w))
    .join(' ');
}
