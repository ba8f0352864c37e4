// The pre-sign check page in a real browser: Debian's chromium driven by playwright-core against
// a real listening server. Skips (saying why) only when /usr/bin/chromium is absent. Screenshots of
// the page's states are saved to test-artifacts/ for a person to look at.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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
// fluoroscopy guided the needle; confirmation and time are documented, retention and interpretation are not
const partial = `PROCEDURE: Left shoulder subacromial bursa injection.

TECHNIQUE: The left shoulder was prepped and draped. Under fluoroscopic guidance a 25-gauge
needle was advanced into the subacromial bursa. Final needle position confirmed on AP view.
40 mg triamcinolone with 4 mL lidocaine injected. Fluoroscopy time: 12 seconds.

No complications.
`;
const subacromial = 'Under fluoroscopic guidance a needle was advanced into the left subacromial bursa.';
const ultrasound = 'Under ultrasound guidance a needle was advanced into the right knee joint. Images saved to PACS.';
const artifacts = join(root, 'test-artifacts');

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
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    mkdirSync(artifacts, { recursive: true });
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

  it('shows a landmark note with no claim calmly: cannot support a guidance code, no element applies, a warning not an error', async () => {
    await paste(landmark);
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('calm');
    expect(await page.locator('#verdict').textContent()).toMatch(/^Cannot support a guidance code: landmark/);
    expect(await page.locator('#guidance-code').textContent()).toBe('none');
    // no imaging: none of the five elements matters, and none is shown as a red cross
    expect(await page.locator('#checklist li').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.state))).toEqual(Array(5).fill('not-applicable'));
    expect(await page.locator('#checklist .state').allTextContents()).toEqual(Array(5).fill('not applicable'));
    expect(await page.locator('#checklist .icon').allTextContents()).not.toContain('✗');
    expect(await page.locator('#findings li.error').count()).toBe(0);
    const finding = page.locator('#findings li[data-rule="landmark-technique"]');
    expect(await finding.count()).toBe(1);
    expect(await finding.locator('.severity').textContent()).toBe('warning');
    const expected = lint(landmark).messages.find((m) => m.ruleId === 'landmark-technique')!;
    expect(await finding.locator('.suggestion').textContent()).toContain(expected.suggestion);
    // the finding's own span is highlighted in the note
    expect(await page.locator(`#annotated mark.${expected.severity}`).allTextContents()).toContain(landmark.slice(expected.offset, expected.endOffset));
    await page.screenshot({ path: join(artifacts, 'page-landmark-calm.png'), fullPage: true });
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

  it('shows a partly documented fluoroscopy note with its missing elements and the prompts to add them', async () => {
    await paste(partial);
    const result = lint(partial);
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('not-supported');
    expect(await page.locator('#verdict').textContent()).toBe('Not supported: missing images saved, interpretation of the images.');
    expect(await page.locator('#guidance-code').textContent()).toBe('77002');
    const states = Object.fromEntries(await page.locator('#checklist li').evaluateAll((items) => items.map((i) => [(i as HTMLElement).dataset.element, (i as HTMLElement).dataset.state])));
    expect(states).toEqual({ guidanceSection: 'missing', imagesSaved: 'missing', interpretation: 'missing', needleConfirmation: 'found', fluoroscopyTime: 'found' });
    expect(await page.locator('#checklist li[data-element="fluoroscopyTime"] .state').textContent()).toBe('found: 12 s (recommended)');
    // each missing element's finding carries its blank prompt
    for (const m of result.messages.filter((x) => x.suggestion)) {
      const item = page.locator(`#findings li[data-rule="${m.ruleId}"]`);
      expect(await item.locator('.severity').textContent()).toBe(m.severity);
      expect(await item.locator('.suggestion').textContent()).toBe(`Suggestion: ${m.suggestion}`);
    }
    expect(await page.locator('#findings li.error').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.rule))).toEqual(['images-not-saved', 'interpretation-missing']);
    await page.screenshot({ path: join(artifacts, 'page-fluoroscopy-partial.png'), fullPage: true });
  }, 30_000);

  it('with ultrasound, the fluoroscopy time is not applicable and the other elements still are', async () => {
    await paste(ultrasound);
    expect(await page.locator('#checklist li[data-element="fluoroscopyTime"]').getAttribute('data-state')).toBe('not-applicable');
    expect(await page.locator('#checklist li[data-element="imagesSaved"]').getAttribute('data-state')).toBe('found');
    expect(await page.locator('#checklist li[data-element="interpretation"]').getAttribute('data-state')).toBe('missing');
  }, 30_000);

  it('names the site in words, as the audit digest and the claim messages do, not by its slug', async () => {
    await paste(subacromial);
    expect(lint(subacromial).documentation.site).toMatchObject({ region: 'subacromial-bursa', laterality: 'left' });
    const site = await page.locator('#site').textContent();
    expect(site).toMatch(/^left subacromial bursa \(non-spinal\) /);
    expect(site).not.toContain('subacromial-bursa');
  }, 30_000);

  it('logged no console errors and fetched nothing from outside this server', () => {
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
