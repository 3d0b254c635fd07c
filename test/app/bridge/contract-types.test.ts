import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INVOKE_CHANNELS, INVOKE_CONTRACT, type InvokeHandlers, type Settings } from '../../../app/bridge/contract.js';
import { DEFAULT_SETTINGS } from '../../../app/desktop/settings.js';

const refused = { ok: false, message: 'no' } as const;

/** A complete handler map: the contract table's types accept it. */
const complete: InvokeHandlers = {
  'app:state': () => {
    throw new Error('not called');
  },
  'session:login': async (email) => ({ ok: false, kind: 'invalid-input', message: email }),
  'session:logout': () => {
    throw new Error('not called');
  },
  'history:list': () => ({ items: [], total: 0, complete: true }),
  'history:mark-read': (ids) => ids.length,
  'history:mark-all-read': () => 0,
  'history:mark-matching': () => ({ count: 0, ids: [] }),
  'history:mark-unread': (ids) => ids.length,
  'history:open': (id) => ({ opened: false, reason: id }),
  'channels:add': () => refused,
  'channels:remove': () => refused,
  'channels:mute': () => refused,
  'channels:hide': () => refused,
  'settings:update': (): Settings => DEFAULT_SETTINGS,
  'connection:retry': () => undefined,
};

const { 'channels:mute': _left, ...withoutMute } = complete;

// @ts-expect-error a channel of the table without a handler does not compile
const missing: InvokeHandlers = withoutMute;

const wrongResult: InvokeHandlers = {
  ...complete,
  // @ts-expect-error a handler returning another shape than its channel's result does not compile
  'history:mark-all-read': () => 'all of them',
};

const wrongArgs: InvokeHandlers = {
  ...complete,
  // @ts-expect-error a handler expecting other arguments than the channel's schema gives does not compile
  'channels:mute': (channel: string, muted: string) => ({ ok: false, message: `${channel}${muted}` }),
};

describe('the invoke contract table (compile-time checks above; tsc fails the build when one stops failing)', () => {
  it('derives the channel list from the table, and the handler map covers exactly it', () => {
    assert.deepEqual([...INVOKE_CHANNELS].sort(), Object.keys(INVOKE_CONTRACT).sort());
    assert.deepEqual(Object.keys(complete).sort(), [...INVOKE_CHANNELS].sort());
    assert.equal(INVOKE_CHANNELS.length, 15);
    assert.ok([missing, wrongResult, wrongArgs].every((m) => typeof m === 'object'));
  });
});
