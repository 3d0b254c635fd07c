/** One row of the benchmark report: a figure next to its floor and target. */
export interface Measure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same figure for the bare baseline measured in the same run; null where there is none. */
  readonly floor: number | null;
  /** value / floor (or floor / value for rates, so that > 1 is always "worse"); null without floor. */
  readonly ratio: number | null;
  /** The target in words, e.g. "≤ 1.3× floor", "= 0", "< 50 ms". */
  readonly target: string;
  readonly met: boolean;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Lower is better: value must be within `maxRatio` × floor. */
export function againstFloor(name: string, value: number, floor: number, unit: string, maxRatio: number): Measure {
  const ratio = floor > 0 ? value / floor : Number.POSITIVE_INFINITY;
  return {
    name,
    value: round(value),
    unit,
    floor: round(floor),
    ratio: round(ratio, 2),
    target: `≤ ${maxRatio}× floor`,
    met: ratio <= maxRatio,
  };
}

/** Lower is better, with an allowance: value must be within `maxRatio` × floor + `plus`. */
export function againstFloorPlus(name: string, value: number, floor: number, unit: string, maxRatio: number, plus: number): Measure {
  const ratio = floor > 0 ? value / floor : Number.POSITIVE_INFINITY;
  const target = `≤ ${maxRatio}× floor + ${plus} ${unit}`;
  return { name, value: round(value), unit, floor: round(floor), ratio: round(ratio, 2), target, met: value <= floor * maxRatio + plus };
}

/** Higher is better (rates): value must be at least `minShare` of the floor. */
export function rateAgainstFloor(name: string, value: number, floor: number, unit: string, minShare: number): Measure {
  const ratio = value > 0 ? floor / value : Number.POSITIVE_INFINITY;
  return {
    name,
    value: round(value, 0),
    unit,
    floor: round(floor, 0),
    ratio: round(ratio, 2),
    target: `≥ ${minShare}× floor rate`,
    met: value >= floor * minShare,
  };
}

export function absolute(name: string, value: number, unit: string, target: string, met: boolean): Measure {
  return { name, value: round(value), unit, floor: null, ratio: null, target, met };
}

export function table(measures: readonly Measure[]): string {
  const rows = [['measure', 'value', 'floor', 'ratio', 'target', 'met'], ...measures.map((m) => [
    m.name,
    `${m.value} ${m.unit}`,
    m.floor === null ? '' : `${m.floor} ${m.unit}`,
    m.ratio === null ? '' : `${m.ratio}×`,
    m.target,
    m.met ? 'yes' : 'NO',
  ])];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: readonly string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(rows[0] ?? []), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
