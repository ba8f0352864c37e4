import { readFileSync } from 'node:fs';
import { lint } from './src/index.js';
const f = process.argv[2];
const r = lint(readFileSync(f, 'utf8'), { filename: f });
console.log(JSON.stringify(r.documentation.elements.fluoroscopyTime), r.messages.map(m => `${m.line}:${m.column} ${m.ruleId} ${m.message}`).join('\n'));
