// The pre-sign check page in a real browser: Debian's chromium driven by playwright-core against
// a real listening server. Skips (saying why) only when /usr/bin/chromium is absent.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { startServer } from '../src/serve/listen.js';
import { lint } from '../src/lint.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compliant = readFileSync(join(root, 'test/fixtures/clinical/knee-fluoro.txt'), 'utf8');
const landmark = readFileSync(join(root, 'test/fixtures/clinical/knee-landmark.txt'), 'utf8');

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

describe.skipIf(!haveChromium)('the page in chromium', () => {
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    ({ app, url: base } = await startServer({ host: '127.0.0.1', port: 0, log: false }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreignRequests.push(r.url()); });
    await page.goto(`${base}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Waits until the result matches what is on the page (aria-busy cleared after the answer). */
  async function settled() {
    await page.waitForFunction(() => document.getElementById('result')!.getAttribute('aria-busy') === 'false');
  }

  /** Pastes the note as a clinician would (one insertion) and waits for the debounced check. */
  async function paste(text: string) {
    await page.locator('#note').fill('');
    await page.locator('#note').focus();
    await page.keyboard.insertText(text);
    await settled();
  }

  it('shows a compliant note as supported, with 77002 and every element linked to its highlighted evidence', async () => {
    await paste(compliant);
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('supported');
    expect(await page.locator('#verdict').textContent()).toContain('77002');
    expect(await page.locator('#guidance-code').textContent()).toBe('77002');

    const expected = lint(compliant).documentation.elements;
    const items = page.locator('#checklist > li');
    expect(await items.count()).toBe(5);
    for (const [key, element] of Object.entries(expected)) {
      const item = page.locator(`#checklist li[data-element="${key}"]`);
      expect(await item.getAttribute('data-state'), key).toBe(element.present ? 'found' : 'missing');
      // each piece of evidence is a link whose target, in the annotated note, is that exact text
      const links = item.locator('a.evidence-link');
      expect(await links.count(), key).toBe(element.evidence.length);
      for (let i = 0; i < element.evidence.length; i++) {
        const id = await links.nth(i).getAttribute('data-span');
        const pieces = await page.locator(`#annotated mark`).evaluateAll((marks, spanId) =>
          marks.filter((m) => (m as HTMLElement).dataset.spans!.split(' ').includes(spanId as string)).map((m) => m.textContent).join(''), id);
        expect(pieces).toBe(element.evidence[i].text);
      }
    }
    // the annotated copy is the note, character for character
    expect(await page.locator('#annotated').textContent()).toBe(compliant);
  }, 30_000);

  it('follows an evidence link from the keyboard: the span lights up and takes focus', async () => {
    const link = page.locator('#checklist li[data-element="imagesSaved"] a.evidence-link').first();
    await link.focus();
    await page.keyboard.press('Enter');
    const current = await page.locator('#annotated mark.current').allTextContents();
    expect(current.join('')).toBe(lint(compliant).documentation.elements.imagesSaved.evidence[0].text);
    const focusedId = await page.evaluate(() => document.activeElement?.id);
    expect(focusedId).toBe(await link.getAttribute('data-span'));
  });

  it('shows a landmark note as not supported, with the finding and its suggestion', async () => {
    await paste(landmark);
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('not-supported');
    expect(await page.locator('#verdict').textContent()).toMatch(/landmark/i);
    expect(await page.locator('#guidance-code').textContent()).toBe('none');
    expect(await page.locator('#checklist li[data-state="found"]').count()).toBe(0);
    const finding = page.locator('#findings li[data-rule="landmark-technique"]');
    expect(await finding.count()).toBe(1);
    const expected = lint(landmark).messages.find((m) => m.ruleId === 'landmark-technique')!;
    expect(await finding.locator('.suggestion').textContent()).toContain(expected.suggestion);
    // the finding's own span is highlighted in the note
    expect(await page.locator(`#annotated mark.${expected.severity}`).allTextContents()).toContain(landmark.slice(expected.offset, expected.endOffset));
  }, 30_000);

  it('takes claim lines: the landmark claim is a remove; a malformed line is named', async () => {
    await page.locator('#cpt').fill('20610-RT, 77002');
    await settled();
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('remove');
    expect(await page.locator('#verdict').textContent()).toContain('Remove the guidance code');
    await page.locator('#cpt').fill('20610-RT, 77002-TOOLONG');
    await settled();
    expect(await page.locator('#claim-error').textContent()).toContain('77002-TOOLONG');
    expect(await page.locator('#cpt').getAttribute('aria-invalid')).not.toBeNull();
    await page.locator('#cpt').fill('');
  }, 30_000);

  it('logged no console errors and fetched nothing from outside this server', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
