/** A payload path split once, for lookups on every event (only own properties are read). */
export function compilePath(path: string): (data: unknown) => unknown {
  const parts = path.split('.');
  if (parts.includes('')) return () => undefined;
  return (data) => {
    let cur: unknown = data;
    for (const part of parts) {
      if (Array.isArray(cur)) {
        const i = Number(part);
        cur = Number.isInteger(i) ? cur[i] : undefined;
      } else if (typeof cur === 'object' && cur !== null && Object.prototype.hasOwnProperty.call(cur, part)) {
        cur = (cur as Record<string, unknown>)[part];
      } else {
        return undefined;
      }
    }
    return cur;
  };
}

export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

const PLACEHOLDER = /\{\{\s*([$\w.-]+)\s*\}\}/g;

export type CompiledTemplate = (data: unknown, context: Readonly<Record<string, string>>) => string;

/** One `{{…}}` placeholder's text: a `$` name from the context, else a payload path. */
function placeholder(path: string): CompiledTemplate {
  if (path.startsWith('$')) {
    const name = path.slice(1);
    // Own properties only: `{{$constructor}}` must not print Object's constructor.
    return (_data, context) => (Object.hasOwn(context, name) ? (context[name] ?? '') : '');
  }
  const get = compilePath(path);
  return (data) => asText(get(data)) ?? '';
}

/**
 * Fills `{{todo.title}}` placeholders from the payload; a missing or non-scalar value is empty.
 * `{{$channel}}`, `{{$event}}` and `{{$userId}}` name the event's context. Parsed once (a profile's
 * rules are compiled when the core starts), then filled per event without a regex.
 */
export function compileTemplate(template: string): CompiledTemplate {
  const literals: string[] = [];
  const holes: CompiledTemplate[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    literals.push(template.slice(last, m.index));
    holes.push(placeholder(m[1] ?? ''));
    last = m.index + m[0].length;
  }
  const tail = template.slice(last);
  if (holes.length === 0) return () => tail;
  return (data, context) => {
    let out = '';
    for (let i = 0; i < holes.length; i++) out += (literals[i] ?? '') + (holes[i] as CompiledTemplate)(data, context);
    return out + tail;
  };
}

export function renderTemplate(template: string, data: unknown, context: Readonly<Record<string, string>>): string {
  return compileTemplate(template)(data, context);
}
