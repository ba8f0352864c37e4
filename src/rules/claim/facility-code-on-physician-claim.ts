import { defineRule } from '../define.js';

/** A facility-only code (G0260) on an office claim, which is the physician's: the physician's code is another (27096). */
export default defineRule({
  id: 'facility-code-on-physician-claim',
  kind: 'claim',
  check({ claim, facts }, report) {
    if (!claim?.office) return;
    for (const { line, row } of claim.primaries) {
      const code = row?.physicianCode;
      if (!code) continue;
      report({ at: facts.anchor, messageId: 'office', data: { primary: line.code, code, descriptor: claim.table.codes[code]?.paraphrase ?? code }, expected: code, actual: line.code });
    }
  },
});
