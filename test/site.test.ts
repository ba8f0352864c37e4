import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

const site = (text: string) => lint(text).documentation.site;

describe('the needle\'s target site', () => {
  it('of a compound of site names, is its last word, the head ("left shoulder subacromial bursa" is a bursa)', () => {
    const note = 'PROCEDURE: Left shoulder subacromial bursa injection.\n\nThe left shoulder was prepped and draped. Under fluoroscopic guidance a 25-gauge needle was advanced into the subacromial bursa. Position confirmed on AP view.\n';
    expect(site(note)).toMatchObject({ region: 'subacromial-bursa', laterality: 'left', spinal: false });
  });

  it('of two sites not joined in one compound, is the first the title names', () => {
    const note = 'PROCEDURE: Left shoulder and left knee injections.\n\nUnder fluoroscopic guidance a needle was advanced into each joint.\n';
    expect(site(note)).toMatchObject({ region: 'shoulder', laterality: 'left' });
  });
});
