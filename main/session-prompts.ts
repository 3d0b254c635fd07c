import type { PushMap, SessionView } from '../app/bridge/contract.js';
import type { TokenVault } from '../app/desktop/ports.js';
import type { Translator } from '../app/i18n/index.js';
import type { PromptOptions } from './os-notifier.js';

export interface SessionPromptDeps {
  readonly source: {
    readonly sessionState: SessionView;
    on(event: 'push:session', listener: (...args: PushMap['push:session']) => void): () => void;
  };
  readonly tokenStorage: TokenVault['storage'];
  readonly prompt: (options: PromptOptions) => void;
  readonly showWindow: () => void;
  /** The app's language now. */
  readonly translator: () => Translator;
}

/**
 * Notifications about the login itself: an expired session (401 on subscribe) asks to log in
 * again instead of failing silently, and a token kept without a keyring is said once per run.
 */
export function promptOnSessionChanges(deps: SessionPromptDeps): () => void {
  let last = deps.source.sessionState.state;
  let weakWarned = false;
  return deps.source.on('push:session', (session) => {
    const previous = last;
    last = session.state;
    if (session.state === 'expired' && previous !== 'expired') {
      const tr = deps.translator();
      deps.prompt({ title: tr.t('notice.logInAgain'), body: session.message ?? tr.t('notice.sessionEnded'), onClick: deps.showWindow });
    }
    if (session.state === 'logged-in' && deps.tokenStorage === 'weak' && !weakWarned) {
      weakWarned = true;
      const tr = deps.translator();
      deps.prompt({ title: tr.t('notice.weakTitle'), body: tr.t('notice.weakBody'), onClick: deps.showWindow });
    }
  });
}
