// report.html in a real browser: Debian's chromium driven by playwright-core, loaded from disk.
// Skips (saying why) only when /usr/bin/chromium is absent. Leaves a screenshot of the page in
// test-artifacts/report.png: tiles adding up to the notes, a drill-down with its evidence and
// suggestion, the provider × rule table and the --compare changes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runAudit, type AuditSummary } from '../src/audit/run.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`report browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

// metadata and note text an attacker could control: none may run or add markup
const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "'><svg onload=alert(3)>", '</script><script>alert(4)</script>', '<!--<script>alert(5)//', 'javascript:alert(6)'];
const FEES = { '77001': 90, '77002': 100, '77003': 120, '76942': 80, '77012': 150, '77021': 200 };

describe.skipIf(!haveChromium)('report.html in chromium', () => {
  let browser: Browser;
  let page: Page;
  let summary: AuditSummary;
  let rows: Record<string, any>[];
  const texts = new Map<string, string>();
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  const dialogs: string[] = [];
  const out = mkdtempSync(join(tmpdir(), 'guidelint-report-'));
  let lineCount = 0;

  beforeAll(async () => {
    const dev = join(root, 'corpus/dev');
    const names = readdirSync(dev).filter((f) => f.endsWith('.txt')).sort();
    const lines = names.map((f, i) => {
      const id = f.replace(/\.txt$/, '');
      const sidecar = join(dev, `${id}.claim.json`);
      texts.set(id, readFileSync(join(dev, f), 'utf8'));
      return JSON.stringify({ id, text: texts.get(id), provider: `Dr ${'ABC'[i % 3]}`, date: `2023-${String(1 + (i % 12)).padStart(2, '0')}-01`, ...(existsSync(sidecar) ? { claim: JSON.parse(readFileSync(sidecar, 'utf8')) } : {}) });
    });
    lines.splice(3, 0, '{"id": "torn-record", "text": "never closed');
    // a record whose id, provider and note text carry the payloads
    const hostile = `PROCEDURE: ${PAYLOADS.join(' ')} Left knee injection under fluoroscopic guidance with a 22 gauge needle ${PAYLOADS[1]}; triamcinolone injected.`;
    texts.set('hostile', hostile);
    lines.push(JSON.stringify({ id: PAYLOADS[1], text: hostile, provider: PAYLOADS[0], date: PAYLOADS[3], site: PAYLOADS[2] }));
    lineCount = lines.length;
    writeFileSync(join(out, 'notes.jsonl'), lines.join('\n') + '\n');
    // the earlier run: the first notes only, so the shares differ
    writeFileSync(join(out, 'earlier.jsonl'), lines.slice(0, 60).join('\n') + '\n');
    await runAudit({ input: join(out, 'earlier.jsonl'), out: join(out, 'earlier'), quiet: true });
    summary = (await runAudit({ input: join(out, 'notes.jsonl'), out: join(out, 'audit'), quiet: true, compare: join(out, 'earlier'), fees: FEES })).summary!;
    rows = readFileSync(join(out, 'audit/results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) foreignRequests.push(r.url()); });
    await page.goto(pathToFileURL(join(out, 'audit/report.html')).href);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows tiles that add up to every record, record errors included', async () => {
    const total = Number(await page.locator('#tiles [data-total]').getAttribute('data-total'));
    const counts = (await page.locator('#tiles [data-category]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-category'), Number(e.getAttribute('data-count'))]))) as [string, number][];
    expect(total).toBe(lineCount);
    expect(counts.map(([c]) => c)).toEqual(['supported', 'incomplete', 'no-imaging', 'not-applicable', 'error']);
    expect(counts.reduce((a, [, n]) => a + n, 0)).toBe(total);
    expect(Object.fromEntries(counts)).toEqual(summary.totals.categories);
    expect(Object.fromEntries(counts).error).toBe(1); // the torn record, counted where it shows
    // the claim actions add up to the notes that came with a claim
    const actions = await page.locator('#actions [data-action] b').allTextContents();
    expect(actions.map(Number).reduce((a, b) => a + b, 0)).toBe(summary.totals.claims);
    expect(summary.totals.claims).toBeGreaterThan(20);
  });

  it('draws stacked charts whose bars add up to the notes, and the months as a line', async () => {
    expect(await page.locator('figure').count()).toBe(4);
    for (const title of ['provider', 'site']) {
      const groups = (await page.locator(`figure:has(figcaption:text("${title}")) g[data-notes]`).evaluateAll((gs) => gs.map((g) => [Number(g.getAttribute('data-notes')), [...g.querySelectorAll('rect')].reduce((a, r) => a + Number(r.getAttribute('data-count')), 0)]))) as [number, number][];
      for (const [notes, segments] of groups) expect(segments).toBe(notes);
      expect(groups.reduce((a, [n]) => a + n, 0)).toBe(lineCount);
    }
    const providers = await page.locator('figure:has(figcaption:text("provider")) g[data-group]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-group')));
    expect([...providers].sort()).toEqual(['(none)', PAYLOADS[0], 'Dr A', 'Dr B', 'Dr C'].sort());
    const trend = page.locator('figure:has(figcaption:text("month"))');
    expect(await trend.locator('rect').count()).toBe(0); // a line, not bars
    const points = (await trend.locator('g[data-series="notes"] polyline').getAttribute('points'))!.trim().split(/\s+/);
    expect(points).toHaveLength(Object.keys(summary.totals.byMonth).filter((m) => m !== '(none)').length);
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('shows the provider × rule table from the totals', async () => {
    const cells = (await page.locator('#heat tbody tr').evaluateAll((trs) => trs.flatMap((tr) => [...tr.querySelectorAll('td[data-rule]')].map((td) => [tr.querySelector('th')!.textContent, td.getAttribute('data-rule'), Number((td.textContent ?? '').split(' ')[0] || 0)])))) as [string, string, number][];
    expect(cells.length).toBeGreaterThan(10);
    for (const [provider, rule, n] of cells) expect(n, `${provider} × ${rule}`).toBe(summary.totals.providerRules[provider]?.[rule] ?? 0);
    expect(cells.some(([, , n]) => n > 0)).toBe(true);
  });

  it('shows what improved and regressed since the earlier run', async () => {
    const c = summary.comparison!;
    expect(c.notes).toEqual({ before: 60, after: lineCount });
    const improved = await page.locator('#compare .delta.improved').first().locator('li code').allTextContents();
    const regressed = await page.locator('#compare .delta.regressed').first().locator('li code').allTextContents();
    expect(improved).toEqual(c.rules.improved.slice(0, 12).map((x) => x.key));
    expect(regressed).toEqual(c.rules.regressed.slice(0, 12).map((x) => x.key));
    expect(improved.length + regressed.length).toBeGreaterThan(0);
    expect(await page.locator('#compare tbody tr').count()).toBe(5);
  });

  it('prices the claims at risk from the fee schedule', async () => {
    expect(summary.totals.atRisk!.total).toBeGreaterThan(0);
    expect(await page.locator('#at-risk-total b').textContent()).toBe(summary.totals.atRisk!.total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    expect(Object.values(summary.totals.atRisk!.byProvider).reduce((a, b) => a + b, 0)).toBeCloseTo(summary.totals.atRisk!.total, 2);
  });

  it('sorts by a column header and filters by text and category', async () => {
    expect(await page.locator('#body tr').count()).toBe(100);
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
    await page.selectOption('#category', 'incomplete');
    expect(new Set(await page.locator('#body tr td[data-category]').evaluateAll((tds) => tds.map((t) => t.getAttribute('data-category'))))).toEqual(new Set(['incomplete']));
    await page.selectOption('#category', '');
    await page.fill('#filter', '');
  });

  it('exports the filtered table as CSV from the page', async () => {
    await page.fill('#filter', 'Dr C');
    const shown = Number(/· (\d+) notes/.exec((await page.locator('#pager').textContent())!)![1]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const csv = parse(readFileSync((await download.path())!), { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(shown);
    expect(new Set(csv.map((r) => r.provider))).toEqual(new Set(['Dr C']));
    const byId = new Map(rows.filter((r) => !r.error).map((r) => [r.id, r]));
    for (const r of csv) expect(r.claim_action || null).toBe(byId.get(r.id)!.claim?.action ?? (byId.get(r.id)!.claimLines ? 'none' : null));
    await page.fill('#filter', '');
  });

  it('drills down to each finding with the note\'s own words around it and the suggestion', async () => {
    const row = rows.find((r) => !r.error && r.messages.some((m: any) => m.severity === 'error' && m.offset !== undefined && m.suggestion))!;
    const finding = row.messages.find((m: any) => m.severity === 'error' && m.offset !== undefined && m.suggestion);
    await page.goto(`${page.url().split('#')[0]}#note-${row.record}`);
    await expect.poll(() => page.locator('#findings h2').textContent()).toBe(`Findings: ${row.id}`);
    const item = page.locator('#findings li.finding', { has: page.locator(`code:text-is("${finding.ruleId}")`) }).first();
    expect(await item.locator('mark').textContent()).toBe(texts.get(row.id)!.slice(finding.offset, finding.endOffset).replace(/\s+/g, ' '));
    const quote = (await item.locator('blockquote').textContent())!;
    expect(quote.length).toBeGreaterThan((await item.locator('mark').textContent())!.length); // words either side
    expect(await item.locator('.suggestion').textContent()).toBe(`↳ ${finding.suggestion}`);
    await page.goto(`${page.url().split('#')[0]}#note-4`); // the torn record
    await expect.poll(() => page.locator('#findings').textContent()).toMatch(/record error.*line 4: not valid JSON/);
    expect(consoleErrors).toEqual([]);
  });

  it('never wraps a rule id mid-word, even on a narrow window', async () => {
    await page.setViewportSize({ width: 700, height: 900 });
    const wrapped = await page.locator('code.rule').evaluateAll((els) => els.filter((e) => e.getClientRects().length > 1).map((e) => e.textContent));
    expect(wrapped).toEqual([]);
    expect(await page.locator('code.rule').count()).toBeGreaterThan(50);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('runs none of the payloads in ids, metadata or note text', async () => {
    await page.fill('#filter', 'onerror');
    const link = page.locator('#body tr a').first();
    expect(await link.textContent()).toBe(PAYLOADS[1]);
    await link.click();
    await expect.poll(() => page.locator('#findings h2').textContent()).toBe(`Findings: ${PAYLOADS[1]}`);
    expect(await page.locator('#findings blockquote').first().textContent()).toContain('<');
    expect(await page.locator('img, iframe, object, embed, [onerror], [onload]').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(3); // the two data blocks and the page's own
    expect(dialogs).toEqual([]);
    await page.fill('#filter', '');
  });

  it('leaves a screenshot: tiles, the --compare changes, the provider × rule table and a drill-down', async () => {
    const row = rows.find((r) => !r.error && r.messages.some((m: any) => m.severity === 'error' && m.offset !== undefined && m.suggestion))!;
    await page.fill('#filter', row.id);
    await page.goto(`${page.url().split('#')[0]}#note-${row.record}`);
    await expect.poll(() => page.locator('#findings blockquote').count()).toBeGreaterThan(0);
    const dir = join(root, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    expect(readFileSync(join(dir, 'report.png')).length).toBeGreaterThan(50_000);
  });
});
