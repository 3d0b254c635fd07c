import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { SessionView } from '../../app/bridge/contract.js';
import { createTranslator } from '../../app/i18n/index.js';
import type { PromptOptions } from '../../main/os-notifier.js';
import { promptOnSessionChanges } from '../../main/session-prompts.js';

const tr = createTranslator('en');
const session = (state: SessionView['state'], message: string | null = null): SessionView => ({
  state, email: 'alice@example.test', userId: '1', userName: 'Alice', expiresAt: null, message, tokenStorage: 'encrypted',
});

function setup(initial: SessionView['state'], tokenStorage: 'encrypted' | 'weak' | 'memory' = 'encrypted') {
  const bus = new EventEmitter();
  const prompts: PromptOptions[] = [];
  let shown = 0;
  const source = {
    sessionState: session(initial),
    on(event: 'push:session', listener: (view: SessionView) => void): () => void {
      bus.on(event, listener);
      return () => bus.off(event, listener);
    },
  };
  const stop = promptOnSessionChanges({
    source, tokenStorage, prompt: (options) => prompts.push(options), showWindow: () => shown++, translator: () => tr,
  });
  const push = (view: SessionView): void => {
    bus.emit('push:session', view);
  };
  return { prompts, push, stop, shown: () => shown };
}

describe('promptOnSessionChanges: notifications about the login itself', () => {
  it('an expired session asks once to log in again, with the reason; a click shows the window', () => {
    const s = setup('logged-in');
    s.push(session('expired', 'The server refused the login (401).'));
    s.push(session('expired', 'again'));
    assert.deepEqual(s.prompts.map(({ title, body }) => ({ title, body })), [
      { title: tr.t('notice.logInAgain'), body: 'The server refused the login (401).' },
    ]);
    s.prompts[0]?.onClick();
    assert.equal(s.shown(), 1);
  });

  it('without a reason it says the session ended; expiring again after a new login asks again', () => {
    const s = setup('logged-in');
    s.push(session('expired'));
    s.push(session('logging-in'));
    s.push(session('logged-in'));
    s.push(session('expired'));
    assert.deepEqual(s.prompts.map((p) => p.body), [tr.t('notice.sessionEnded'), tr.t('notice.sessionEnded')]);
  });

  it('a session that was already expired at start does not ask again', () => {
    const s = setup('expired');
    s.push(session('expired'));
    assert.deepEqual(s.prompts, []);
  });

  it('a token kept without a keyring is said once per run, at the first login; an encrypted one never', () => {
    const weak = setup('logged-out', 'weak');
    weak.push(session('logging-in'));
    assert.equal(weak.prompts.length, 0, 'not before the login succeeds');
    weak.push(session('logged-in'));
    weak.push(session('logged-out'));
    weak.push(session('logged-in'));
    assert.deepEqual(weak.prompts.map(({ title, body }) => ({ title, body })), [
      { title: tr.t('notice.weakTitle'), body: tr.t('notice.weakBody') },
    ]);
    weak.prompts[0]?.onClick();
    assert.equal(weak.shown(), 1);
    const strong = setup('logged-out', 'encrypted');
    strong.push(session('logged-in'));
    assert.deepEqual(strong.prompts, []);
  });

  it('after unsubscribing nothing is prompted', () => {
    const s = setup('logged-in', 'weak');
    s.stop();
    s.push(session('expired'));
    s.push(session('logged-in'));
    assert.deepEqual(s.prompts, []);
  });
});
