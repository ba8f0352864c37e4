import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Severity } from './types.js';
import { ruleById } from './rules/index.js';
import { grammars } from './grammar/index.js';
import type { ElementNeed } from './grammar/elements.js';
import { normalizeGivenText } from './note/decode.js';

export type RuleSetting = Severity | 'off';

export interface Config {
  /** rule id → severity or 'off' */
  rules?: Record<string, RuleSetting>;
  /** element name → required or recommended (an institution that requires the guidance section) */
  elements?: Record<string, ElementNeed>;
}

/** A configuration that cannot be used: names the file (or source) and the bad entry. */
export class ConfigError extends Error {}

const SETTINGS = new Set(['off', 'info', 'warning', 'error']);

/** A bad setting as an error shows it: a short string or number itself, anything else by its kind (never a deep object stringified). */
function shown(value: unknown): string {
  if (typeof value === 'string' && value.length <= 40) return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'string' ? 'a long string' : `a ${typeof value}`;
}

export function validateConfig(data: unknown, source: string): Config {
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`${source}: the configuration must be an object like {"rules": {"fluoroscopy-time-missing": "error"}}`);
  const unknownKeys = Object.keys(data).filter((k) => k !== 'rules' && k !== 'elements');
  if (unknownKeys.length) throw new ConfigError(`${source}: unknown key "${unknownKeys[0]}" (only "rules" and "elements" are read)`);
  const rulesCfg = (data as { rules?: unknown }).rules ?? {};
  if (typeof rulesCfg !== 'object' || rulesCfg === null || Array.isArray(rulesCfg)) throw new ConfigError(`${source}: "rules" must map rule ids to off, info, warning or error`);
  for (const [id, value] of Object.entries(rulesCfg)) {
    if (!ruleById.has(id)) throw new ConfigError(`${source}: unknown rule id "${id}" (see guidelint explain --list)`);
    if (typeof value !== 'string' || !SETTINGS.has(value)) throw new ConfigError(`${source}: rule "${id}" has value ${shown(value)}; expected off, info, warning or error`);
  }
  const elementsCfg = (data as { elements?: unknown }).elements ?? {};
  if (typeof elementsCfg !== 'object' || elementsCfg === null || Array.isArray(elementsCfg)) throw new ConfigError(`${source}: "elements" must map element names to required or recommended`);
  const names = grammars().elements.map((e) => e.name);
  for (const [name, value] of Object.entries(elementsCfg)) {
    if (!names.includes(name)) throw new ConfigError(`${source}: unknown element "${name}" (elements: ${names.join(', ')})`);
    if (value !== 'required' && value !== 'recommended') throw new ConfigError(`${source}: element "${name}" has value ${shown(value)}; expected required or recommended`);
  }
  const out: Config = { rules: rulesCfg as Record<string, RuleSetting> };
  if (Object.keys(elementsCfg).length) out.elements = elementsCfg as Record<string, ElementNeed>;
  return out;
}

export function readConfigFile(path: string): Config {
  let text: string;
  try {
    text = normalizeGivenText(readFileSync(path, 'utf8')); // a byte order mark would fail JSON.parse
  } catch (e) {
    throw new ConfigError(`${path}: cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  return validateConfig(data, path);
}
