import type { Credentials } from '../auth/session.js';
import type { DoctorCheck, DoctorReport } from '../doctor/check.js';
import { runDoctor } from '../doctor/doctor.js';
import type { Profile } from '../profile/profile.js';
import { EXIT, status, UsageError, type CliIo } from './cli-io.js';
import { readCredentials } from './credentials.js';

export interface DoctorCommandOptions {
  readonly profile: Profile;
  readonly email: string | undefined;
  readonly tokenEnv: string;
  readonly json: boolean;
  /** Seconds to watch Redis for the app's own broadcasts. */
  readonly watchSeconds: number;
  readonly redisUrl: string | undefined;
  readonly prefix: string | undefined;
}

export const DEFAULT_WATCH_SECONDS = 5;

export function parseWatchSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WATCH_SECONDS;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 600) {
    throw new UsageError(`--watch takes seconds between 0 and 600, got "${value}"`);
  }
  return n;
}

function line(check: DoctorCheck): string {
  const head = `${check.ok ? '  ok  ' : '  FAIL'}  ${check.name}: ${check.detail}`;
  return check.fix === '' ? head : `${head}\n        fix: ${check.fix}`;
}

export function formatReport(profile: Profile, r: DoctorReport): string {
  const failed = r.checks.filter((c) => !c.ok).length;
  const summary = failed === 0 ? `all ${r.checks.length} checks passed` : `${failed} of ${r.checks.length} checks failed`;
  return `Echo Tray doctor: profile "${profile.name}" (${profile.connection.broadcaster})\n${r.checks.map(line).join('\n')}\n${summary}\n`;
}

/** `echo-tray doctor`: every hop from the Laravel app to this desktop, in order, with the fix for each failure. */
export async function doctorCommand(opts: DoctorCommandOptions, io: CliIo): Promise<number> {
  let credentials: Credentials | string;
  try {
    credentials = await readCredentials({ email: opts.email, tokenEnv: opts.tokenEnv }, io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    credentials = err.message;
  }
  const result = await runDoctor({
    profile: opts.profile,
    credentials,
    watchMs: opts.watchSeconds * 1000,
    redis: { url: opts.redisUrl, prefix: opts.prefix },
    progress: opts.json ? undefined : (l) => status(io, l),
  });
  io.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : formatReport(opts.profile, result));
  return result.ok ? EXIT.ok : EXIT.userError;
}
