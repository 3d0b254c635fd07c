/** The time in ms when `iso` is exactly what toISOString() gives for it, else NaN (then kept as text). */
export function isoTime(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : Number.NaN;
}

const DOT = 0x2e;
const ZULU = 0x5a;
const ZERO = 0x30;

/** The number written by the three characters at `at`, or -1 when one is not a digit. */
function threeDigits(text: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 3; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * isoTime, answered the same, without a Date round trip per entry: events come in runs within the
 * same second, so the part up to the second ("2026-12-02T06:08:42") is checked once per second seen
 * and the milliseconds are read by hand.
 */
export class IsoTimeReader {
  private second = '';
  private secondMs = Number.NaN;

  ms(iso: string): number {
    if (iso.length !== 24 || iso.charCodeAt(19) !== DOT || iso.charCodeAt(23) !== ZULU) return isoTime(iso);
    const millis = threeDigits(iso, 20);
    if (millis < 0) return Number.NaN;
    const second = iso.slice(0, 19);
    if (second !== this.second) {
      this.second = second;
      this.secondMs = isoTime(`${second}.000Z`);
    }
    return this.secondMs + millis;
  }
}
