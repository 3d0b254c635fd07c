/**
 * Turns zod's findings on untrusted JSON into the lines an administrator reads: the key's path and
 * what is wrong ("connection.host: expected a string, got number 42"), and unknown keys as warnings
 * with a guess ("did you mean "prefix"?") instead of silently using a default.
 */
import * as z from 'zod';

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only primitives get here: null, lists and objects returned above
  return `${typeof value} ${String(value)}`;
}

/** `connection.sentinels[0].host`; the root is `(root)`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? '(root)' : out;
}

export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${pathText(issue.path)}: ${issue.message}`);
}

/** The object shape behind a schema checked by hand (a transform), so that its unknown keys are still found. */
export const objectShapeOf = new WeakMap<z.ZodType, z.ZodType>();

/** Every key of `input` that `schema` does not read, as a warning naming its path. */
export function unknownKeyWarnings(schema: z.ZodType, input: unknown, path: PropertyKey[] = []): string[] {
  const described = objectShapeOf.get(schema);
  if (described) return unknownKeyWarnings(described, input, path);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) {
    return unknownKeyWarnings(schema.unwrap() as z.ZodType, input, path);
  }
  if (schema instanceof z.ZodPipe) return unknownKeyWarnings(schema.in as z.ZodType, input, path);
  if (schema instanceof z.ZodArray && Array.isArray(input)) {
    const element = schema.element as z.ZodType;
    return input.flatMap((item: unknown, i) => unknownKeyWarnings(element, item, [...path, i]));
  }
  if (schema instanceof z.ZodDiscriminatedUnion && isRecord(input)) {
    const key: string = schema.def.discriminator;
    const options = schema.options as readonly z.ZodType[];
    const chosen = options.find((o) => o._zod.propValues?.[key]?.has(input[key] as never));
    return chosen ? unknownKeyWarnings(chosen, input, path) : [];
  }
  if (schema instanceof z.ZodUnion && !(schema instanceof z.ZodDiscriminatedUnion) && isRecord(input)) {
    const objects = (schema.options as readonly z.ZodType[]).filter((o) => o instanceof z.ZodObject);
    return objects[0] ? unknownKeyWarnings(objects[0], input, path) : [];
  }
  if (!(schema instanceof z.ZodObject) || !isRecord(input)) return [];
  const shape: Record<string, z.ZodType> = schema.shape;
  const known = Object.keys(shape);
  const out: string[] = [];
  for (const key of Object.keys(input)) {
    const field = shape[key];
    if (field) {
      out.push(...unknownKeyWarnings(field, input[key], [...path, key]));
      continue;
    }
    const guess = known.find((k) => closeEnough(k, key));
    out.push(`${pathText([...path, key])}: unknown key, ignored${guess ? ` (did you mean "${guess}"?)` : ''}`);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
