import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IsoTimeReader, isoTime } from '../../../app/history/iso-time.js';

/** A seeded generator, so that a failure names inputs that can be replayed. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const CHARS = '0123456789-:.TZz +';

describe('IsoTimeReader', () => {
  it('reads the times toISOString() writes, to the millisecond, across seconds, days and years', () => {
    const reader = new IsoTimeReader();
    const times = [0, 1, 999, 1000, Date.UTC(2026, 11, 2, 6, 8, 42, 7), Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(9999, 11, 31)];
    for (const ms of times) assert.equal(reader.ms(new Date(ms).toISOString()), ms);
  });

  it('answers exactly as the Date round trip for every string, valid or not (a reader kept across all of them)', () => {
    const random = lcg(20261202);
    const reader = new IsoTimeReader();
    const base = ['2026-02-30T00:00:00.000Z', '2026-02-28T24:00:00.000Z', '2026-12-02T06:08:42.123Z', '+012026-12-02T06:08:42.123Z',
      '2024-01-01 00:00:04', '2026-12-02T06:08:42.12Z', '2026-12-02T06:08:42.1234Z', '2026-12-02T06:08:42.123z', ''];
    const inputs = [...base];
    for (let i = 0; i < 5_000; i++) {
      const valid = new Date(Math.floor(random() * Date.UTC(2100, 0, 1))).toISOString();
      inputs.push(valid);
      // The same second with other milliseconds, as a burst writes them.
      inputs.push(`${valid.slice(0, 20)}${String(Math.floor(random() * 1000)).padStart(3, '0')}Z`);
      const at = Math.floor(random() * valid.length);
      inputs.push(valid.slice(0, at) + CHARS[Math.floor(random() * CHARS.length)] + valid.slice(at + 1));
    }
    for (const iso of inputs) assert.equal(reader.ms(iso), isoTime(iso), JSON.stringify(iso));
  });
});
