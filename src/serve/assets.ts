import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package folder (holding web/ and package.json), whether running from src/ (tests, tsx) or
 * from the dist/ bundle: esbuild does not copy the page, so it is read from disk at run time.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'web', 'index.html'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('web/ folder not found beside the guidelint package');
}

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
