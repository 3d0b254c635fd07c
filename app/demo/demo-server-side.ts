import type { ChannelView } from '../bridge/contract.js';
import { UsageError } from '../cli/cli-io.js';
import type { Clock } from '../util/clock.js';
import { SampleBroadcasts } from './demo-broadcasts.js';
import { DEMO_POSTER_CHANNEL, DEMO_REDIS_PREFIX, DEMO_USER, OTHER_USER, startDemoStack, type DemoStack } from './demo-stack.js';

/** Default time between two sample broadcasts. */
export const DEFAULT_DEMO_INTERVAL_MS = 4_000;
/** Environment override of the interval (the flag wins), e.g. for tests. */
export const DEMO_INTERVAL_ENV = 'ECHO_TRAY_DEMO_INTERVAL_MS';

export interface DemoServerSideOptions {
  readonly intervalMs: number;
  readonly clock: Clock;
  /** One line per thing the demo did (published a sample, a publish failed). */
  readonly report: (line: string) => void;
}

/** Everything `npm run demo` and `npm start -- --demo` run besides the app itself. */
export interface DemoServerSide {
  readonly stack: DemoStack;
  readonly credentials: { readonly email: string; readonly password: string };
  /** Starts publishing the samples (call once the app listens: see {@link allProfileChannelsSubscribed}). */
  startSamples(): Promise<void>;
  /** Stops the samples and every server, removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** The interval from `--interval` or the environment; a clear error for anything but a positive number. */
export function demoIntervalMs(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  const raw = flag ?? env[DEMO_INTERVAL_ENV];
  if (raw === undefined || raw === '') return DEFAULT_DEMO_INTERVAL_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 50 || ms > 3_600_000) {
    throw new UsageError(`the demo interval must be a whole number of milliseconds from 50 to 3600000, got "${raw}"`);
  }
  return ms;
}

/** True once the app subscribed every channel (the samples published before would be lost). */
export function allProfileChannelsSubscribed(channels: readonly ChannelView[]): boolean {
  const fromProfile = channels.filter((c) => c.source === 'profile');
  return fromProfile.length > 0 && fromProfile.every((c) => c.state === 'subscribed');
}

export async function startDemoServerSide(opts: DemoServerSideOptions): Promise<DemoServerSide> {
  const stack = await startDemoStack();
  const samples = new SampleBroadcasts({
    redisUrl: stack.redis.url,
    prefix: DEMO_REDIS_PREFIX,
    userId: DEMO_USER.id,
    otherUserId: OTHER_USER.id,
    posterChannel: DEMO_POSTER_CHANNEL,
    intervalMs: opts.intervalMs,
    clock: opts.clock,
    report: opts.report,
    storeNotification: ({ userId, id, type, data }) => void stack.laravel.storeNotification(userId, type, data, { id }),
  });
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  return {
    stack,
    credentials: { email: DEMO_USER.email, password: DEMO_USER.password },
    startSamples: () => (started ??= samples.start()),
    stop: () =>
      (stopped ??= (async () => {
        await samples.stop();
        await stack.stop();
      })()),
  };
}
