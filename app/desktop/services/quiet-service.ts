import type { QuietView, Settings } from '../../bridge/contract.js';
import type { Clock } from '../../util/clock.js';
import { nextSilenceChange, silenceAt } from '../quiet-time.js';
import type { Emit } from './controller-events.js';

function viewAt(settings: Settings, now: Date): QuietView | null {
  const silence = silenceAt(settings, now);
  return silence === null ? null : { kind: silence.kind, until: silence.until.toISOString() };
}

const same = (a: QuietView | null, b: QuietView | null): boolean => a?.kind === b?.kind && a?.until === b?.until;

/**
 * Whether pop-ups are silenced now (paused, or quiet hours) and until when, for the window's banner
 * ("Quiet until 07:00"): `push:quiet` when that changes, by a settings change or by the clock.
 */
export class QuietService {
  private current: QuietView | null = null;
  private cancel: (() => void) | undefined;

  constructor(private readonly clock: Clock, private readonly settings: () => Settings, private readonly emit: Emit) {
    this.refresh();
  }

  get view(): QuietView | null {
    return this.current;
  }

  /** After a settings change (or a user switch), and at each moment a pause or quiet period starts or ends. */
  refresh(): void {
    this.cancel?.();
    const settings = this.settings();
    const now = this.clock.now();
    const next = viewAt(settings, now);
    const changed = !same(next, this.current);
    this.current = next;
    const at = nextSilenceChange(settings, now);
    this.cancel = at === null ? undefined : this.clock.schedule(() => this.refresh(), at.getTime() - now.getTime());
    if (changed) this.emit('push:quiet', next);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}
