import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../src/index.js';
import { parseClaim } from '../src/claim/parse.js';
const dirs = process.argv.slice(2);
const fields = ['technique','needlePlacement','modality','spinal','guidanceCode','supported'] as const;
const acc: Record<string,[number,number]> = {};
const el: Record<string,[number,number,number]> = {};
for (const dir of dirs) for (const f of readdirSync(dir).filter(f=>/\.(txt|md)$/.test(f)).sort()) {
  const base = join(dir, f.replace(/\.(txt|md)$/,''));
  if (!existsSync(base+'.gold.json')) continue;
  const gold = JSON.parse(readFileSync(base+'.gold.json','utf8'));
  const claim = existsSync(base+'.claim.json') ? parseClaim(JSON.parse(readFileSync(base+'.claim.json','utf8')), base) : undefined;
  const r = lint(readFileSync(join(dir,f),'utf8'), {filename: f, claim});
  const d = r.documentation;
  const got: any = {technique:d.technique, needlePlacement:d.needlePlacement, modality:d.modality, spinal: d.needlePlacement ? (d.site?.spinal ?? null) : null, guidanceCode:d.guidanceCode, supported:d.supported};
  const diffs: string[] = [];
  for (const k of fields) { acc[k] ??= [0,0]; acc[k][1]++; if (got[k]===gold[k]) acc[k][0]++; else diffs.push(`${k}: gold=${gold[k]} got=${got[k]}`); }
  for (const k of ['guidanceSection','imagesSaved','interpretation','needleConfirmation'] as const) {
    el[k] ??= [0,0,0]; const g = gold.elements[k], p = (d.elements as any)[k].present;
    if (g&&p) el[k][0]++; else if (p) {el[k][1]++; diffs.push(`${k}: FP ${(d.elements as any)[k].evidence.map((e:any)=>JSON.stringify(e.text)).join(' | ')}`);} else if (g) {el[k][2]++; diffs.push(`${k}: FN`);}
  }
  const gs = gold.elements.fluoroscopyTimeSeconds, ps = d.elements.fluoroscopyTime.seconds;
  if (gs !== ps) diffs.push(`fluoroSeconds: gold=${gs} got=${ps}`);
  if (gold.claimAction !== undefined && (gold.claimAction ?? null) !== (r.claim?.action ?? null)) diffs.push(`claimAction: gold=${gold.claimAction} got=${r.claim?.action}`);
  const fired = new Set(r.messages.filter(m=>m.severity!=='info').map(m=>m.ruleId)); const want = new Set(gold.rules ?? []);
  const miss = [...want].filter(x=>!fired.has(x as string)), extra=[...fired].filter(x=>!want.has(x));
  if (miss.length||extra.length) diffs.push(`rules: missing=${miss} extra=${extra}`);
  if (diffs.length && !process.env.QUIET) console.log(`--- ${base}\n  ${diffs.join('\n  ')}`);
}
for (const [k,[a,n]] of Object.entries(acc)) console.log(k, (a/n).toFixed(3), `${a}/${n}`);
for (const [k,[tp,fp,fn]] of Object.entries(el)) console.log(k, 'P', (tp/(tp+fp)).toFixed(3), 'R', (tp/(tp+fn)).toFixed(3));
