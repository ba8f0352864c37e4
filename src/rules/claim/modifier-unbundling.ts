import { defineRule } from '../define.js';

const UNBUNDLING = ['59', 'XE', 'XS', 'XP', 'XU'];

export default defineRule({
  id: 'modifier-unbundling',
  kind: 'claim',
  check({ claim, facts }, report) {
    for (const { guidance: g, primary: p, certainty } of claim?.included ?? []) {
      const mods = g.line.modifiers.filter((m) => UNBUNDLING.includes(m));
      if (!mods.length) continue;
      report({
        at: facts.anchor,
        severity: certainty === 'unconfirmed' ? 'warning' : undefined,
        messageId: 'unbundling',
        data: { modifiers: mods.join('/'), code: g.code, primary: p.line.code },
        expected: `no ${g.code} line`,
        actual: `${g.code}-${mods.join('-')}`,
      });
    }
  },
});
