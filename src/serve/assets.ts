import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../beside.js';

export interface Asset {
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/** The page's files, read once: url path → body and content type. */
export function loadWebAssets(root = packageRoot()): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(TYPES)) {
    const body = readFileSync(join(root, 'web', name));
    assets.set(name === 'index.html' ? '/' : `/${name}`, { body, type });
  }
  return assets;
}

export function packageVersion(root = packageRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
