// Seeded generators of hostile broadcast payloads. Every case says, by construction, whether the
// notifier must deliver it (a Laravel envelope it can read, however odd its content) or count and
// log it as malformed. The same seed gives the same cases, so a failure reproduces.

/** mulberry32: small, fast, good enough to spread cases; seeded for reproducibility. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzCase {
  readonly kind: string;
  readonly good: boolean;
  readonly payload: Buffer;
}

const MAX_EVENT_BYTES = 1024 * 1024;
export const PIECES = [
  'a', 'Z', '0', ' ', '.', '\\', '"', '/', '{{x}}', 'é', 'ß', '中文', '日本語', '한국어', 'עברית', 'العربية', '‮',
  '\u200b', '\u0301', '😀', '👩‍👩‍👧', '🏳️‍🌈',
  '\u0000', '\u0001', '\u001b[31m', '\n', '\r\n', '\t', '\u2028', '\ud800', '\udfff', '\uffff', '<script>', '%s', '${x}',
  '__proto__', 'constructor',
  // Issue 12: C1 controls, bidi overrides and isolates, OSC/CSI sequences, replacement patterns, backslash paths.
  '\u009b2J', '\u0085', '\u202e', '\u2066', '\u2069', '\u001b]0;title\u0007', '$&', '$`', "$'", '$1', '/\\', '\\\\', '{{$constructor}}',
];

export class FuzzGenerator {
  readonly r: () => number;
  private notificationId = 0;

  constructor(seed: number) {
    this.r = prng(seed);
  }

  int(n: number): number {
    return Math.floor(this.r() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  text(maxPieces = 12): string {
    let s = '';
    for (let i = this.int(maxPieces + 1); i > 0; i--) s += this.pick(PIECES);
    return s;
  }

  scalar(): unknown {
    switch (this.int(7)) {
      case 0: return null;
      case 1: return this.r() < 0.5;
      case 2: return this.pick([0, -0, 1, -1, 1e308, -1e-308, 2 ** 53 + 1, 3.14159]);
      case 3: return this.int(1_000_000);
      default: return this.text();
    }
  }

  value(depth: number): unknown {
    if (depth <= 0 || this.r() < 0.4) return this.scalar();
    if (this.r() < 0.5) return Array.from({ length: this.int(5) }, () => this.value(depth - 1));
    return this.object(depth - 1);
  }

  object(depth: number): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (let i = this.int(6); i > 0; i--) {
      o[this.pick([
        this.text(3),
        'title',
        'message',
        'url',
        'body',
        'id',
        'type',
        'socket',
        '__proto__',
        'constructor',
        'toString',
        'valueOf',
      ])] = this.value(depth);
    }
    return o;
  }

  /** What a JSON decoder hands over for `value` (own `__proto__` keys, no prototypes set). */
  wire(value: unknown): unknown {
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  }

  /** Nested `{"a": {"a": …}}` or `[[[…]]]`, built as text (no recursion). */
  deep(depth: number): string {
    return this.r() < 0.5 ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
  }

  eventName(): string {
    const name = this.pick([
      'App\\Events\\TodoEventUpdated',
      '.backend_poster',
      'backend_poster',
      `App\\Events\\${this.text(4)}`,
      this.text(8),
    ]);
    return name.trim() === '' || name.length > 512 ? 'backend_poster' : name;
  }

  envelope(event: unknown, data: unknown, extra = ''): string {
    const base = JSON.stringify({ event, data, socket: null });
    return extra === '' ? base : `${base.slice(0, -1)},${extra}}`;
  }

  /** One case; `hugeBudget` limits the cases of a megabyte or so. */
  next(hugeBudget: { left: number }): FuzzCase {
    const roll = this.int(100);
    const good = (kind: string, payload: string | Buffer): FuzzCase => ({
      kind,
      good: true,
      payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
    });
    const bad = (kind: string, payload: string | Buffer): FuzzCase => ({
      kind,
      good: false,
      payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
    });
    if (roll < 30) return good('random data', this.envelope(this.eventName(), this.object(4)));
    if (roll < 40) {
      const data = {
        title: this.value(2),
        message: this.value(2),
        url: this.pick([
          this.text(),
          42,
          ['x'],
          { a: 1 },
          'javascript:alert(1)',
          '/todos/5',
          '//evil.test/x',
          '/\\evil.test/x',
          '/\t/evil.test/x',
          '\\\\evil.test\\x',
          '/\\/evil.test',
        ]),
        urgency: this.scalar(),
      };
      return good('wrong field types', this.envelope(this.eventName(), data));
    }
    if (roll < 45) {
      // A string id is the dedupe key: unique here, so no case is (rightly) dropped as a duplicate.
      const id = this.r() < 0.8 ? `fuzz-${this.notificationId++}-${this.text(2)}` : this.pick([42, null, { a: 1 }, [1], true]);
      return good(
        'laravel notification',
        this.envelope(
          'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated',
          { id, type: this.pick(['App\\Notifications\\InvoicePaid', this.text(3), 7]), message: this.text() },
        ),
      );
    }
    if (roll < 47) {
      return good('deep nesting', `{"event":"backend_poster","data":{"nested":${this.deep(200 + this.int(4800))}},"socket":null}`);
    }
    if (roll < 50) {
      return good(
        'empty or missing data',
        this.pick([
          this.envelope('backend_poster', []),
          this.envelope('backend_poster', null),
          JSON.stringify({ event: 'backend_poster' }),
        ]),
      );
    }
    if (roll < 52) {
      // Bytes that are not UTF-8 inside a string: decoded to U+FFFD, still a readable envelope.
      const head = Buffer.from('{"event":"backend_poster","data":{"message":"');
      return good(
        'invalid utf-8',
        Buffer.concat([head, Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('"},"socket":null}')]),
      );
    }
    if (roll < 53 && hugeBudget.left > 0) {
      hugeBudget.left--;
      const big = this.r() < 0.5;
      const size = big ? MAX_EVENT_BYTES + 1 + this.int(100_000) : 100_000 + this.int(600_000);
      const payload = this.envelope('backend_poster', { message: 'y'.repeat(size) });
      return big ? bad('over maxEventBytes', payload) : good('huge string', payload);
    }
    if (roll < 65) {
      const full = this.envelope(this.eventName(), this.object(3));
      return bad('broken json', this.r() < 0.8 ? full.slice(0, 1 + this.int(full.length - 1)) : `<${this.text(10)}`);
    }
    if (roll < 72) return bad('not an object', JSON.stringify(this.pick([this.scalar(), [this.value(2)], 'string', 12, null, true, []])));
    if (roll < 78) return bad('no event', JSON.stringify({ data: this.object(2), socket: null }));
    if (roll < 88) {
      return bad(
        'bad event name',
        this.envelope(this.pick([42, null, true, {}, [], '', '   ', 'x'.repeat(513 + this.int(2000))]), this.object(2)),
      );
    }
    return bad('bad data', this.envelope(this.eventName(), this.pick([this.text() || 'text', 42, true, [1, 2], [this.object(1)]])));
  }
}
