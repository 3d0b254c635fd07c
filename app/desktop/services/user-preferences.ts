import type { Logger } from '../../log.js';
import type { Preferences, PreferencesStore } from '../ports.js';
import { errorMessage } from '../../util/error-reason.js';

/** The user's preferences in memory, saved on every change; a failed save is logged, never thrown at the window. */
export class UserPreferences {
  private prefs: Preferences;

  constructor(private readonly store: PreferencesStore, private readonly logger: Logger) {
    this.prefs = store.load();
  }

  get current(): Preferences {
    return this.prefs;
  }

  save(next: Preferences): void {
    this.prefs = next;
    try {
      this.store.save(next);
    } catch (err) {
      this.logger.log('error', 'could not save preferences', { error: errorMessage(err) });
    }
  }
}
