// report.html in a real browser: Debian's chromium driven by playwright-core, loaded from disk.
// Skips (saying why) only when /usr/bin/chromium is absent.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runAudit } from '../src/audit/run.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`report browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

describe.skipIf(!haveChromium)('report.html in chromium', () => {
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  const out = mkdtempSync(join(tmpdir(), 'guidelint-report-'));

  beforeAll(async () => {
    const dev = join(root, 'corpus/dev');
    const names = readdirSync(dev).filter((f) => f.endsWith('.txt')).sort();
    const lines = names.map((f, i) => JSON.stringify({ id: f.replace(/\.txt$/, ''), text: readFileSync(join(dev, f), 'utf8'), provider: `Dr ${'ABC'[i % 3]}`, date: `2023-${String(1 + (i % 12)).padStart(2, '0')}-01` }));
    lines.splice(3, 0, '{"id": "torn-record", "text": "never closed');
    writeFileSync(join(out, 'notes.jsonl'), lines.join('\n') + '\n');
    await runAudit({ input: join(out, 'notes.jsonl'), out: join(out, 'audit'), quiet: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) foreignRequests.push(r.url()); });
    await page.goto(pathToFileURL(join(out, 'audit/report.html')).href);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the five charts and the first page of the table, with no console errors and no network', async () => {
    expect(await page.locator('figure svg').count()).toBe(5);
    const captions = await page.locator('figcaption').allTextContents();
    expect(captions.join(' | ')).toMatch(/Verdicts.*rule.*site.*provider.*month/);
    const providerBars = await page.locator('figure:has(figcaption:text("provider")) svg g title').allTextContents();
    expect(providerBars.map((t) => t.split(':')[0]).sort()).toEqual(['(none)', 'Dr A', 'Dr B', 'Dr C']); // the torn record has no provider
    expect(await page.locator('#body tr').count()).toBe(100);
    expect(await page.locator('#pager').textContent()).toMatch(/page 1 of 2/);
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('sorts by a column header and filters by text', async () => {
    const errorsCol = async () => (await page.locator('#body tr td:nth-child(9)').allTextContents()).map(Number);
    await page.click('th:text("Errors")');
    await page.click('th:text("Errors")'); // second click: descending
    const desc = await errorsCol();
    expect(desc[0]).toBe(Math.max(...desc));
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await page.fill('#filter', 'Dr B');
    const providers = await page.locator('#body tr td:nth-child(3)').allTextContents();
    expect(providers.length).toBeGreaterThan(0);
    expect(new Set(providers)).toEqual(new Set(['Dr B']));
    await page.fill('#filter', '');
  });

  it("links each note to its findings", async () => {
    await page.fill('#filter', 'landmark-technique');
    const link = page.locator('#body tr a').first();
    const id = await link.textContent();
    await link.click();
    await expect.poll(() => page.locator('#findings h2').textContent()).toBe(`Findings: ${id}`);
    expect(await page.locator('#findings li code').allTextContents()).toContain('landmark-technique');
    await page.goto(`${page.url().split('#')[0]}#note-4`); // the torn record
    await expect.poll(() => page.locator('#findings').textContent()).toMatch(/record error.*line 4: not valid JSON/);
    expect(consoleErrors).toEqual([]);
  });
});
