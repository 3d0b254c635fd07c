import type { Logger } from '../../log.js';
import type { Preferences, PreferencesFile, PreferencesStore } from '../ports.js';
import { DEFAULT_PREFERENCES } from '../preferences.js';
import { errorMessage } from '../../util/error-reason.js';

/**
 * The logged-in user's preferences (or the shared ones while nobody is), saved on every change; a
 * failed save is logged, never thrown at the window. One user's never show for another: each user
 * id has its own, and only the first user who logs in inherits those from before they were per user.
 */
export class UserPreferences {
  private file: PreferencesFile;
  private userId: string | null = null;
  /** Whose stored session the app restored, if any: the one who inherits the shared preferences. */
  private owner: string | null = null;

  constructor(private readonly store: PreferencesStore, private readonly logger: Logger) {
    this.file = store.load();
  }

  get current(): Preferences {
    const own = this.userId === null ? this.file : (this.file.users[this.userId] ?? DEFAULT_PREFERENCES);
    const autoStart = this.file.settings.autoStart;
    return own.settings.autoStart === autoStart ? own : { ...own, settings: { ...own.settings, autoStart } };
  }

  /** The app restored a stored session of this account: the shared preferences go to it, not to whoever logs in first. */
  expectOwner(email: string | null): void {
    this.owner = email?.toLowerCase() ?? null;
  }

  /** Switches to this user's preferences (null: logged out); true when the user changed. */
  switchUser(userId: string | null, email: string | null): boolean {
    if (userId === this.userId) return false;
    this.userId = userId;
    const f = this.file;
    const isOwner = this.owner === null || this.owner === email?.toLowerCase();
    if (userId !== null && !f.sharedClaimed && f.users[userId] === undefined && isOwner) {
      const shared: Preferences = {
        settings: f.settings,
        addedChannels: f.addedChannels,
        mutedChannels: f.mutedChannels,
        hiddenChannels: f.hiddenChannels,
      };
      const settings = { ...DEFAULT_PREFERENCES.settings, autoStart: f.settings.autoStart };
      this.write({ ...DEFAULT_PREFERENCES, settings, users: { ...f.users, [userId]: shared }, sharedClaimed: true });
    }
    return true;
  }

  save(next: Preferences): void {
    const f = this.file;
    if (this.userId === null) {
      this.write({ ...f, ...next });
      return;
    }
    const settings = { ...f.settings, autoStart: next.settings.autoStart };
    this.write({ ...f, settings, users: { ...f.users, [this.userId]: next } });
  }

  private write(next: PreferencesFile): void {
    this.file = next;
    try {
      this.store.save(next);
    } catch (err) {
      this.logger.log('error', 'could not save preferences', { error: errorMessage(err) });
    }
  }
}
