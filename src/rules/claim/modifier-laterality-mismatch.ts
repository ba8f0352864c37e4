import { defineRule } from '../define.js';
import type { ClaimLine } from '../../types.js';

const SIDE_OF = { RT: 'right', LT: 'left' } as const;

/** The side a line's modifiers bill: RT right, LT left, 50 both (null when it names none). */
function billedSide(line: ClaimLine): 'right' | 'left' | 'bilateral' | null {
  if (line.modifiers.includes('50') || (line.modifiers.includes('RT') && line.modifiers.includes('LT'))) return 'bilateral';
  if (line.modifiers.includes('RT')) return 'right';
  if (line.modifiers.includes('LT')) return 'left';
  return null;
}

export default defineRule({
  id: 'modifier-laterality-mismatch',
  kind: 'claim',
  check({ claim, doc }, report) {
    const site = doc.site;
    if (!claim || !doc.needlePlacement || !site?.span || (site.laterality !== 'left' && site.laterality !== 'right')) return;
    const documented = site.laterality;
    const sided = claim.claim.lines.map((line) => ({ line, side: billedSide(line) })).filter((l) => l.side !== null);
    // a line billed for the documented side means the claim may cover a second target the note
    // also names: only a claim that never bills the documented side contradicts it (50 always does)
    const billsDocumented = sided.some((l) => l.side === documented);
    for (const { line, side } of sided) {
      if (side === documented || (side !== 'bilateral' && billsDocumented)) continue;
      const modifier = side === 'bilateral' ? (line.modifiers.includes('50') ? '50' : 'RT/LT') : line.modifiers.find((m) => m in SIDE_OF)!;
      report({
        at: site.span,
        messageId: side === 'bilateral' ? 'bilateral' : 'otherSide',
        data: { code: line.code, modifier, billed: side!, documented, site: site.text },
        expected: `${line.code}-${documented === 'right' ? 'RT' : 'LT'}`,
        actual: `${line.code}-${modifier}`,
      });
    }
  },
});
