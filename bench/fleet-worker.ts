// One process of the fleet simulation: many EchoCores (each a desktop) as the CLI builds them, told
// what to do over IPC by bench/fleet-bench.ts. The simulation's own cost is not the product's: it
// reports counts only, every 100 ms at most.
import { LaravelClient } from '../app/auth/laravel-client.js';
import { EchoCore } from '../app/core/echo-core.js';
import { silentLogger } from '../app/log.js';
import { parseProfile } from '../app/profile/profile.js';
import type { ChannelState } from '../app/transport/transport.js';

export interface FleetDesktop {
  readonly userId: number;
  readonly token: string;
}

export type ToWorker =
  | { readonly kind: 'start'; readonly profile: Record<string, unknown>; readonly desktops: readonly FleetDesktop[] }
  /** From now on, a desktop counts as resubscribed once it lost a channel and has them all again. */
  | { readonly kind: 'arm' }
  | { readonly kind: 'stop' };

export interface FleetReport {
  readonly kind: 'report';
  readonly desktops: number;
  /** Every channel subscribed now. */
  readonly subscribed: number;
  /** Lost a channel since 'arm' and has every channel again. */
  readonly resubscribed: number;
  /** A channel in a final refusal (error, denied, expired) or the connection given up. */
  readonly gaveUp: number;
  /** Probe events (event `fleet.probe`) received, and how many of them a second time. */
  readonly probes: number;
  readonly duplicates: number;
}

const FINAL: readonly ChannelState[] = ['error', 'denied', 'expired'];

class Desktop {
  readonly states = new Map<string, ChannelState>();
  lost = false;
  offline = false;
  readonly probeIds = new Set<string>();
  probes = 0;
  duplicates = 0;

  constructor(readonly core: EchoCore, changed: () => void) {
    core.on('channel', (s) => {
      this.states.set(s.channel, s.state);
      if (s.state !== 'subscribed') this.lost = true;
      changed();
    });
    core.on('connection', (s) => {
      this.offline = s.state === 'offline';
      changed();
    });
    core.on('notification', (d) => {
      if (d.event.shortEvent !== 'fleet.probe') return;
      const id = String(d.event.data.probe);
      if (this.probeIds.has(id)) this.duplicates++;
      else this.probeIds.add(id);
      this.probes++;
      changed();
    });
  }

  get allSubscribed(): boolean {
    return this.states.size > 0 && [...this.states.values()].every((s) => s === 'subscribed');
  }

  get gaveUp(): boolean {
    return this.offline || [...this.states.values()].some((s) => FINAL.includes(s));
  }
}

const desktops: Desktop[] = [];
let armed = false;
let reportTimer: NodeJS.Timeout | undefined;

function report(): void {
  const r: FleetReport = {
    kind: 'report',
    desktops: desktops.length,
    subscribed: desktops.filter((d) => d.allSubscribed).length,
    resubscribed: armed ? desktops.filter((d) => d.lost && d.allSubscribed).length : 0,
    gaveUp: desktops.filter((d) => d.gaveUp).length,
    probes: desktops.reduce((n, d) => n + d.probes, 0),
    duplicates: desktops.reduce((n, d) => n + d.duplicates, 0),
  };
  process.send?.(r);
}

function changed(): void {
  reportTimer ??= setTimeout(() => {
    reportTimer = undefined;
    report();
  }, 100);
}

process.on('message', (msg: ToWorker) => {
  switch (msg.kind) {
    case 'start': {
      const { profile } = parseProfile(msg.profile);
      const laravel = new LaravelClient(profile.laravel);
      for (const d of msg.desktops) {
        const session = { token: d.token, userId: String(d.userId), user: undefined, expiresAt: undefined };
        const core = new EchoCore({ profile, session, laravel, logger: silentLogger });
        desktops.push(new Desktop(core, changed));
        core.start();
      }
      changed();
      return;
    }
    case 'arm':
      armed = true;
      for (const d of desktops) d.lost = false;
      report();
      return;
    case 'stop':
      void Promise.all(desktops.map((d) => d.core.stop())).then(() => process.exit(0));
      return;
  }
});
