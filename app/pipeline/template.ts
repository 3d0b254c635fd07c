/** Reads `todo.title` or `items.0.name` out of an event payload. */
export function lookupPath(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const part of path.split('.')) {
    if (part === '') return undefined;
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
}

export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/**
 * Fills `{{todo.title}}` placeholders from the payload; a missing or non-scalar value is empty.
 * `{{$channel}}`, `{{$event}}` and `{{$userId}}` name the event's context.
 */
export function renderTemplate(template: string, data: unknown, context: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([$\w.-]+)\s*\}\}/g, (_, path: string) => {
    if (path.startsWith('$')) return Object.hasOwn(context, path.slice(1)) ? (context[path.slice(1)] ?? '') : '';
    return asText(lookupPath(data, path)) ?? '';
  });
}
