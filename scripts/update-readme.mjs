// Regenerates the README's generated parts: the rule reference (src/rules/reference.ts), the
// accuracy figures (from `guidelint eval`) and, with --bench FILE, the output of a saved
// `npm run bench` run. Run: npm run readme [-- --bench bench.txt [--bench-command 'npm run bench -- …']]
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const { rules, ruleReference } = await import(new URL('../dist/index.js', import.meta.url));

function replace(text, name, body) {
  const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!re.test(text)) throw new Error(`README has no ${name} markers`);
  return text.replace(re, `$1\n${body}\n$2`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  let readme = readFileSync('README.md', 'utf8');
  readme = replace(readme, 'rules', ruleReference(rules));
  if (!process.argv.includes('--rules-only')) {
    const args = ['eval', '--no-wrong', 'corpus/test', '../shared/corpus-real', 'corpus/blind', 'corpus/blind2', 'corpus/blind3', 'corpus/mtsamples', '--negex', '../shared/external/negex/rsAnnotations-1-120-random.txt'];
    const out = execFileSync(process.execPath, ['bin/guidelint.js', ...args], { encoding: 'utf8' });
    const stamp = `Produced by \`npx guidelint ${args.join(' ')}\` on ${new Date().toISOString().slice(0, 10)}:`;
    readme = replace(readme, 'eval', `${stamp}\n\n\`\`\`\n${out.trimEnd()}\n\`\`\``);
  }
  const bench = process.argv.indexOf('--bench');
  if (bench > 0) {
    const out = readFileSync(process.argv[bench + 1], 'utf8').split('\n').filter((l) => !l.startsWith('>') && l.trim() !== '' || l === '').join('\n').trim();
    const command = process.argv.includes('--bench-command') ? process.argv[process.argv.indexOf('--bench-command') + 1] : 'npm run bench';
    readme = replace(readme, 'bench', `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 10)}:\n\n${out}`);
  }
  writeFileSync('README.md', readme);
  console.log('README.md regenerated');
}
