import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INVOKE_CHANNELS, isInvokeChannel } from '../../../app/bridge/contract.js';
import { BridgeArgError, validateInvokeArgs } from '../../../app/bridge/validate-args.js';

describe('bridge argument validation', () => {
  it('passes well-formed calls through', () => {
    assert.deepEqual(validateInvokeArgs('session:login', ['a@b.c', 'pw']), ['a@b.c', 'pw']);
    assert.deepEqual(validateInvokeArgs('history:list', [{ offset: 0, limit: 50, search: 'x', unreadOnly: true }]), [{ offset: 0, limit: 50, search: 'x', unreadOnly: true }]);
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
    for (const [channel, args] of bad) assert.throws(() => validateInvokeArgs(channel, args), BridgeArgError, `${channel} ${JSON.stringify(args)}`);
  });

  it('knows exactly the contract\'s channels', () => {
    assert.ok(INVOKE_CHANNELS.every(isInvokeChannel));
    assert.equal(isInvokeChannel('shell:openExternal'), false);
    assert.equal(isInvokeChannel(42), false);
  });
});
