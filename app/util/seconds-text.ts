/** A duration for a status line: `2`, `1.5`, `12` (seconds; whole seconds from 10 s up, tenths below). */
export function secondsText(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : String(Math.round(ms / 100) / 10);
}
