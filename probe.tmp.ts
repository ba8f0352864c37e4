import { readClinicalInput } from './src/adapters/index.js';
import { readFileSync } from 'fs';
const r = readClinicalInput(readFileSync('../shared/external/hl7v2/mdm-example.hl7'), 'x');
console.log(r.text); console.log(r.origins.slice(18,22));
const o = readClinicalInput(readFileSync('../shared/external/hl7v2/ORU-multiline.hl7'), 'x');
console.log(o.text.split('\n').filter(l=>/[&|]/.test(l)));
