import { redactUrl } from '../util/redact-url.js';

/**
 * A tiny reader over untrusted JSON that records every problem with the key's path,
 * so a profile error reads "connection.host: expected a URL, got 42" instead of a stack trace.
 */
export class FieldReader {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (this.isObject(value)) return value;
    this.errors.push(`${path}: expected an object, got ${describe(value)}`);
    return undefined;
  }

  string(obj: Record<string, unknown>, key: string, path: string, opts: { required?: boolean; fallback?: string; allowEmpty?: boolean } = {}): string | undefined {
    const value = obj[key];
    const at = join(path, key);
    if (value === undefined) {
      if (opts.required) this.errors.push(`${at}: missing (required)`);
      return opts.fallback;
    }
    if (typeof value !== 'string') {
      this.errors.push(`${at}: expected a string, got ${describe(value)}`);
      return opts.fallback;
    }
    if (value.trim() === '' && !opts.allowEmpty) {
      this.errors.push(`${at}: must not be empty`);
      return opts.fallback;
    }
    return value;
  }

  integer(obj: Record<string, unknown>, key: string, path: string, range: { min: number; max: number; fallback: number }): number {
    const value = obj[key];
    const at = join(path, key);
    if (value === undefined) return range.fallback;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.errors.push(`${at}: expected a whole number, got ${describe(value)}`);
      return range.fallback;
    }
    if (value < range.min || value > range.max) {
      this.errors.push(`${at}: must be between ${range.min} and ${range.max}, got ${value}`);
      return range.fallback;
    }
    return value;
  }

  boolean(obj: Record<string, unknown>, key: string, path: string, fallback: boolean): boolean {
    const value = obj[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.errors.push(`${join(path, key)}: expected true or false, got ${describe(value)}`);
      return fallback;
    }
    return value;
  }

  stringArray(obj: Record<string, unknown>, key: string, path: string, opts: { required?: boolean } = {}): string[] {
    const value = obj[key];
    const at = join(path, key);
    if (value === undefined) {
      if (opts.required) this.errors.push(`${at}: missing (required)`);
      return [];
    }
    if (!Array.isArray(value)) {
      this.errors.push(`${at}: expected a list of strings, got ${describe(value)}`);
      return [];
    }
    const out: string[] = [];
    value.forEach((item: unknown, i) => {
      if (typeof item === 'string' && item.trim() !== '') out.push(item);
      else this.errors.push(`${at}[${i}]: expected a non-empty string, got ${describe(item)}`);
    });
    return out;
  }

  oneOf<T extends string | number>(obj: Record<string, unknown>, key: string, path: string, allowed: readonly T[], fallback: T): T {
    const value = obj[key];
    if (value === undefined) return fallback;
    const hit = allowed.find((a) => a === value);
    if (hit === undefined) {
      this.errors.push(`${join(path, key)}: must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(value)}`);
      return fallback;
    }
    return hit;
  }

  httpUrl(obj: Record<string, unknown>, key: string, path: string, opts: { required?: boolean; schemes?: readonly string[] } = {}): string | undefined {
    const raw = this.string(obj, key, path, { required: opts.required ?? false });
    if (raw === undefined) return undefined;
    const schemes = opts.schemes ?? ['http:', 'https:'];
    try {
      const url = new URL(raw);
      if (!schemes.includes(url.protocol)) {
        this.errors.push(`${join(path, key)}: expected a ${schemes.map((s) => s.replace(':', '')).join(' or ')} URL, got "${redactUrl(raw)}"`);
        return undefined;
      }
      return raw;
    } catch {
      this.errors.push(`${join(path, key)}: not a valid URL: "${redactUrl(raw)}"`);
      return undefined;
    }
  }

  /** Unknown keys are usually typos ("prefx"); say so instead of silently using a default. */
  warnUnknown(obj: Record<string, unknown>, known: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const guess = known.find((k) => closeEnough(k, key));
      this.warnings.push(`${join(path, key)}: unknown key, ignored${guess ? ` (did you mean "${guess}"?)` : ''}`);
    }
  }
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function closeEnough(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  if (Math.abs(x.length - y.length) > 2) return false;
  return editDistance(x, y) <= 2;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
