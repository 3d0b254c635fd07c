/** One line of the doctor's report: what was checked, whether it passed, and what to do if not. */
export interface DoctorCheck {
  /**
   * Stable identifier: `laravel`, `login`, `channel-auth <channel>`, `refresh`, `notifications`, `relay`, `redis`, `prefix`,
   * `subscriptions`, `round-trip`.
   */
  readonly name: string;
  readonly ok: boolean;
  /** What was found, in plain words. */
  readonly detail: string;
  /** What to change; empty when ok. */
  readonly fix: string;
}

/** `--json` prints exactly this shape. */
export interface DoctorReport {
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
}

export function pass(name: string, detail: string): DoctorCheck {
  return { name, ok: true, detail, fix: '' };
}

export function fail(name: string, detail: string, fix: string): DoctorCheck {
  return { name, ok: false, detail, fix };
}

/** A hop that could not be tried because an earlier one failed: not a pass. */
export function notChecked(name: string, because: string): DoctorCheck {
  return { name, ok: false, detail: `not checked: ${because}`, fix: 'fix the failures above first, then run the doctor again' };
}

export function report(checks: readonly DoctorCheck[]): DoctorReport {
  return { ok: checks.length > 0 && checks.every((c) => c.ok), checks };
}
