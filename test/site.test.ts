import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

const site = (text: string) => lint(text).documentation.site;

describe('the needle\'s target site', () => {
  it('of a region named right before a structure inside it, is the structure ("left shoulder subacromial bursa" is a bursa)', () => {
    const note = 'PROCEDURE: Left shoulder subacromial bursa injection.\n\nThe left shoulder was prepped and draped. Under fluoroscopic guidance a 25-gauge needle was advanced into the subacromial bursa. Position confirmed on AP view.\n';
    expect(site(note)).toMatchObject({ region: 'subacromial-bursa', laterality: 'left', spinal: false });
  });

  it('of two names of one kind side by side, or two sites not joined, is the first the title names', () => {
    expect(site('Left L5-S1 transforaminal epidural steroid injection under fluoroscopy.\n')).toMatchObject({ region: 'lumbar-transforaminal', laterality: 'left' });
    const note = 'PROCEDURE: Left shoulder and left knee injections.\n\nUnder fluoroscopic guidance a needle was advanced into each joint.\n';
    expect(site(note)).toMatchObject({ region: 'shoulder', laterality: 'left' });
  });

  it('of a suprapubic tube or a pleural drain is the bladder or the pleura, not spinal', () => {
    expect(site('PROCEDURE: Percutaneous suprapubic cystostomy.\nAn 18-gauge needle was advanced and urine aspirated; a 14 Fr catheter was placed over a wire.\n')).toMatchObject({ region: 'bladder', spinal: false });
    expect(site('A 14-gauge catheter-over-needle was inserted into the left hemithorax and 800 mL drained.\n')).toMatchObject({ region: 'pleura', spinal: false });
  });
});
