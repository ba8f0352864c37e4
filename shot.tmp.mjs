import { chromium } from 'playwright-core';
const [,, file, out, hash, sel] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1300, height: 1000 } });
p.on('pageerror', (e) => console.log('pageerror', String(e)));
await p.goto('file://' + file + (hash || ''));
if (sel) await p.locator(sel).screenshot({ path: out }); else await p.screenshot({ path: out });
await b.close();
