import type { OpenResult } from '../../bridge/contract.js';
import type { Translator } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import type { Profile } from '../../profile/profile.js';
import type { UrlOpener } from '../ports.js';
import { checkOpenableUrl, type UrlRefusal } from '../url-policy.js';
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
      return { opened: false, reason: this.refusalText(verdict.refusal) };
    }
    await this.deps.opener.open(verdict.url);
    return { opened: true, url: verdict.url };
  }

  /** The refusal in the staff's language. */
  private refusalText(refusal: UrlRefusal): string {
    const { t } = this.deps.translator();
    switch (refusal.kind) {
      case 'no-link':
        return t('link.noLink');
      case 'invalid':
        return t('link.invalid');
      case 'scheme':
        return t('link.scheme', { scheme: refusal.scheme });
      case 'credentials':
        return t('link.credentials');
      case 'other-site':
        return t('link.otherSite', { origin: refusal.origin });
    }
  }
}
