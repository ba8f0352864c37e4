import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

export const SHARED = new URL('../../shared/', import.meta.url).pathname;

export function contractValidator(name: 'result' | 'gold' | 'claim') {
  const schema = JSON.parse(readFileSync(`${SHARED}contract/${name}.schema.json`, 'utf8'));
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema);
}
