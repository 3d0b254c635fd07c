import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import type { EchoTrayApi } from '../../app/bridge/contract.js';

/** The bundle as Electron's sandboxed preload runs it: a script whose only module is 'electron'. */
async function loadPreload() {
  const code = await readFile(new URL('../../preload/preload.cjs', import.meta.url), 'utf8');
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const ipc = new EventEmitter();
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return Promise.resolve({ channel });
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => ipc.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => ipc.removeListener(channel, listener),
  };
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) };
  const required: string[] = [];
  const require = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error(`module not found: ${name} (a sandboxed preload can only require electron)`);
  };
  const module = { exports: {} };
  runInNewContext(code, { require, module, exports: module.exports, Promise, Error, TypeError, String });
  return { code, exposed, invoked, ipc, required };
}

describe('preload (dist/preload/preload.cjs)', () => {
  it('is one CommonJS file that needs nothing but electron', async () => {
    const { code, required } = await loadPreload();
    assert.deepEqual(required, ['electron']);
    assert.doesNotMatch(code, /\bimport\s|export\s/);
    assert.deepEqual([...code.matchAll(/require\((["'])(.*?)\1\)/g)].map((m) => m[2]), ['electron']);
  });

  it('exposes exactly window.echoTray = { invoke, on }', async () => {
    const { exposed } = await loadPreload();
    assert.deepEqual([...exposed.keys()], ['echoTray']);
    assert.deepEqual(Object.keys(exposed.get('echoTray') as object).sort(), ['invoke', 'on']);
  });

  it('invoke passes the contract\'s channels and refuses any other', async () => {
    const { exposed, invoked } = await loadPreload();
    const api = exposed.get('echoTray') as EchoTrayApi;
    assert.deepEqual(await api.invoke('history:list', { limit: 5 }), { channel: 'history:list' });
    const loose = api as unknown as { invoke(channel: string, ...args: unknown[]): Promise<unknown> };
    for (const channel of ['electron-store-get-data', 'ELECTRON_BROWSER_REQUIRE', 'app:quit', '']) {
      await assert.rejects(loose.invoke(channel), /unknown channel/, channel);
    }
    assert.deepEqual(invoked, [{ channel: 'history:list', args: [{ limit: 5 }] }]);
  });

  it('on relays only pushes of the contract, without the IPC event, and unsubscribes', async () => {
    const { exposed, ipc } = await loadPreload();
    const api = exposed.get('echoTray') as EchoTrayApi;
    const got: unknown[][] = [];
    const off = api.on('push:show-item', (...args) => got.push(args));
    ipc.emit('push:show-item', { sender: 'the IPC event' }, 'n1');
    off();
    ipc.emit('push:show-item', { sender: 'the IPC event' }, 'n2');
    assert.deepEqual(got, [['n1']]);
    const loose = api as unknown as { on(channel: string, listener: unknown): unknown };
    assert.throws(() => loose.on('some-internal-channel', () => undefined), /unknown channel/);
    assert.throws(() => loose.on('push:session', 'not a function'), /must be a function/);
    assert.equal(ipc.listenerCount('push:show-item'), 0);
  });
});
