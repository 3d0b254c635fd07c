import type { OpenResult } from '../../bridge/contract.js';
import type { Translator } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import type { Profile } from '../../profile/profile.js';
import type { UrlOpener } from '../ports.js';
import { checkOpenableUrl } from '../url-policy.js';
import type { ControllerHistory } from './controller-history.js';
import type { Emit } from './controller-events.js';

/** `history:open`: opens an entry's URL only if the URL policy allows it, else shows the item. */
export class LinkService {
  constructor(
    private readonly deps: {
      readonly profile: Profile;
      readonly history: ControllerHistory;
      readonly opener: UrlOpener;
      readonly logger: Logger;
      readonly translator: () => Translator;
      readonly markRead: (ids: readonly string[]) => number;
    },
    private readonly emit: Emit,
  ) {}

  async open(id: string): Promise<OpenResult> {
    const entry = this.deps.history.get(id);
    if (!entry) return { opened: false, reason: this.deps.translator().t('notice.openFailed') };
    this.deps.markRead([id]);
    const verdict = checkOpenableUrl(entry.url, [this.deps.profile.laravel.url, ...this.deps.profile.allowedOrigins]);
    if (!verdict.ok) {
      this.deps.logger.log('warn', 'link not opened', { id, reason: verdict.reason });
      this.emit('push:show-item', id);
      return { opened: false, reason: verdict.reason };
    }
    await this.deps.opener.open(verdict.url);
    return { opened: true, url: verdict.url };
  }
}
