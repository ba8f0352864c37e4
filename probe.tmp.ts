import { readClinicalInput } from './src/adapters/index.js';
import { readFileSync } from 'fs';
for (const f of ['troch-bursa.mdm.hl7','cervical-mbb.mdm.hl7','knee-fluoro.docref.json','tfesi-77003.bundle.json']) {
const r = readClinicalInput(readFileSync('test/fixtures/clinical/'+f), f);
const base = f.split('.')[0];
console.log(f, r.source, r.metadata, r.warnings, JSON.stringify(r.claim), r.text === readFileSync(`test/fixtures/clinical/${base}.txt`,'utf8').replace(/\n$/, ''), r.text === readFileSync(`test/fixtures/clinical/${base}.txt`,'utf8'));
}
