import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INVOKE_CHANNELS, PUSH_CHANNELS, isInvokeChannel, isPushChannel, type InvokeArgs, type InvokeChannel,
  type PushChannel } from '../../../app/bridge/contract.js';
import { BridgeArgError, validateInvokeArgs } from '../../../app/bridge/validate-args.js';

describe('bridge argument validation', () => {
  it('passes well-formed calls through', () => {
    assert.deepEqual(validateInvokeArgs('session:login', ['a@b.c', 'pw']), ['a@b.c', 'pw']);
    assert.deepEqual(
      validateInvokeArgs('history:list', [{ offset: 0, limit: 50, search: 'x', unreadOnly: true }]),
      [{ offset: 0, limit: 50, search: 'x', unreadOnly: true }],
    );
    assert.deepEqual(validateInvokeArgs('channels:mute', ['poster_room', false]), ['poster_room', false]);
  });

  it('refuses wrong arity, wrong types, oversized input and unknown settings', () => {
    const bad: [Parameters<typeof validateInvokeArgs>[0], unknown[]][] = [
      ['app:state', [1]],
      ['session:login', ['a@b.c']],
      ['session:login', [{ toString: () => 'x' }, 'pw']],
      ['history:list', [{ limit: 1e9 }]],
      ['history:list', [{ search: 42 }]],
      ['history:list', [null]],
      ['history:mark-read', ['id']],
      ['history:open', ['x'.repeat(201)]],
      ['channels:mute', ['c', 'yes']],
      ['settings:update', [{ evil: true }]],
      ['settings:update', [{ quietHours: { enabled: 'yes' } }]],
      ['settings:update', [{ theme: 'neon' }]],
    ];
    for (const [channel, args] of bad) {
      assert.throws(() => validateInvokeArgs(channel, args), BridgeArgError, `${channel} ${JSON.stringify(args)}`);
    }
  });

  it('says what is wrong in the error (it reaches the log), with the channel first', () => {
    const cases: [Parameters<typeof validateInvokeArgs>[0], unknown[], string][] = [
      ['session:login', ['a@b.c'], 'expected 2 argument(s), got 1'],
      ['session:logout', [{}, {}], 'expected 0 to 1 argument(s), got 2'],
      ['session:logout', [{ forget: 'yes' }], 'the logout options are {forget: boolean}'],
      ['session:logout', [{ forget: true, everything: true }], 'the logout options are {forget: boolean}'],
      ['session:logout', ['forget'], 'the logout options are {forget: boolean}'],
      ['history:list', [null], 'query must be an object'],
      ['history:list', [{ channel: 42 }], 'channel must be text'],
      ['history:list', [{ unreadOnly: 'yes' }], 'unreadOnly must be true or false'],
      ['history:list', [{ limit: 1.5 }], 'limit must be a whole number from 0 to 1000'],
      ['history:list', [{ limit: 1001 }], 'limit must be a whole number from 0 to 1000'],
      ['history:list', [{ offset: -1 }], 'offset must be a whole number from 0 to 10000000'],
      ['history:list', [{ offset: '0' }], 'offset must be a whole number from 0 to 10000000'],
      ['history:mark-read', [Array.from({ length: 10_001 }, (_, i) => `id-${i}`)], 'ids must be a list of at most 10,000'],
      ['history:mark-read', ['id-1'], 'ids must be a list of at most 10,000'],
      ['history:mark-unread', [[42]], 'id must be text'],
      ['history:mark-matching', [{ search: 7 }], 'search must be text'],
    ];
    for (const [channel, args, message] of cases) {
      assert.throws(() => validateInvokeArgs(channel, args), { name: 'BridgeArgError', message: `${channel}: ${message}` },
        `${channel} ${JSON.stringify(args)}`);
    }
  });

  it('"Mark these read" keeps the whole filter: search, channel and unread only', () => {
    const query = { search: 'invoice', channel: 'orders', unreadOnly: true };
    assert.deepEqual(validateInvokeArgs('history:mark-matching', [query]), [query]);
  });

  // Written out here, not taken from INVOKE_CHANNELS: the compiler checks these keys against the
  // contract's InvokeMap (a missing or extra key does not compile), the tests check the runtime lists.
  const wellFormed: { [K in InvokeChannel]: InvokeArgs<K> } = {
    'app:state': [],
    'session:login': ['a@b.c', 'pw'],
    'session:logout': [],
    'history:list': [{}],
    'history:mark-read': [['id-1']],
    'history:mark-all-read': [],
    'history:mark-matching': [{ channel: 'orders', unreadOnly: true }],
    'history:mark-unread': [['id-1']],
    'history:open': ['id-1'],
    'channels:add': ['orders'],
    'channels:remove': ['orders'],
    'channels:mute': ['orders', true],
    'channels:hide': ['orders', true],
    'settings:update': [{ theme: 'dark' }],
    'connection:retry': [],
  };
  const pushes: { [K in PushChannel]: true } = {
    'push:connection': true,
    'push:channels': true,
    'push:session': true,
    'push:history': true,
    'push:quiet': true,
    'push:settings': true,
    'push:show-item': true,
  };
  const channels = Object.keys(wellFormed) as InvokeChannel[];

  it('knows exactly the contract\'s invoke channels, and nothing that merely looks like one', () => {
    assert.deepEqual([...INVOKE_CHANNELS].sort(), [...channels].sort());
    for (const channel of channels) assert.equal(isInvokeChannel(channel), true, channel);
    for (const stranger of ['shell:openExternal', 'App:state', ' app:state', 'app:state ', 'push:settings', '__proto__', 'toString',
      'constructor', '', 42, null, undefined, ['app:state']]) {
      assert.equal(isInvokeChannel(stranger), false, JSON.stringify(stranger));
    }
  });

  it('knows exactly the contract\'s push channels', () => {
    assert.deepEqual([...PUSH_CHANNELS].sort(), Object.keys(pushes).sort());
    for (const channel of Object.keys(pushes)) assert.equal(isPushChannel(channel), true, channel);
    for (const stranger of ['app:state', 'push:Settings', 'push:', '__proto__', 7]) assert.equal(isPushChannel(stranger), false,
      String(stranger));
  });

  it('every channel passes its well-formed call and refuses one argument more or one fewer', () => {
    for (const channel of channels) {
      const args: readonly unknown[] = wellFormed[channel];
      assert.deepEqual(validateInvokeArgs(channel, args), args, channel);
      assert.throws(() => validateInvokeArgs(channel, [...args, 'extra']), BridgeArgError, `${channel} with one more`);
      if (args.length > 0) assert.throws(() => validateInvokeArgs(channel, args.slice(1)), BridgeArgError, `${channel} with one fewer`);
    }
  });
});
