import type { PushMap, SessionView } from '../app/bridge/contract.js';
import type { TokenVault } from '../app/desktop/ports.js';
import type { PromptOptions } from './os-notifier.js';

export interface SessionPromptDeps {
  readonly source: {
    readonly sessionState: SessionView;
    on(event: 'push:session', listener: (...args: PushMap['push:session']) => void): () => void;
  };
  readonly tokenStorage: TokenVault['storage'];
  readonly prompt: (options: PromptOptions) => void;
  readonly showWindow: () => void;
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
      deps.prompt({ title: 'Log in again', body: session.message ?? 'Your session ended: log in again to keep receiving notifications.', onClick: deps.showWindow });
    }
    if (session.state === 'logged-in' && deps.tokenStorage === 'weak' && !weakWarned) {
      weakWarned = true;
      deps.prompt({
        title: 'Your login is stored without encryption',
        body: 'No keyring (GNOME Keyring or KWallet) was found, so the token is only obfuscated on disk. Install one, or log out when you leave this computer.',
        onClick: deps.showWindow,
      });
    }
  });
}
