import { readFileSync } from 'node:fs';
import { lint } from './src/lint.js';
for (const f of process.argv.slice(2)) {
  const t = readFileSync(f, 'utf8');
  const r = lint(t, { filename: f });
  // needle evidence is not in the result; re-derive via facts
  const { Note } = await import('./src/note/note.js');
  const { grammars } = await import('./src/grammar/index.js');
  const { extractFacts } = await import('./src/extract/facts.js');
  const facts = extractFacts(new Note(t, grammars()), grammars());
  console.log('==', f.split('/').pop(), r.documentation.technique, r.documentation.needlePlacement);
  for (const e of facts.needle.evidence.slice(0, 4)) {
    const s = facts.note.sentences[facts.note.sentenceAt(e.offset)];
    console.log('   N', JSON.stringify(e.text), '::', t.slice(s.start, s.end).replace(/\s+/g, ' ').slice(0, 200), '[', facts.note.sectionOf(facts.note.sentenceAt(e.offset)).category, ']');
  }
  for (const e of facts.technique.evidence.slice(0, 2)) {
    const s = facts.note.sentences[facts.note.sentenceAt(e.offset)];
    console.log('   T', JSON.stringify(e.text), '::', t.slice(s.start, s.end).replace(/\s+/g, ' ').slice(0, 200));
  }
}
