import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Conf from 'conf';
import { BridgeArgError, validateInvokeArgs } from '../../app/bridge/validate-args.js';
import { AppController } from '../../app/desktop/app-controller.js';
import { applySettingsPatch, DEFAULT_SETTINGS, SettingsError } from '../../app/desktop/settings.js';
import { HistoryStore } from '../../app/history/history-store.js';
import { MemoryLogger } from '../../app/log.js';
import { MemoryTokenVault } from '../../app/preview/preview-ports.js';
import { parseProfile } from '../../app/profile/profile.js';
import { StorePreferences } from '../../main/preferences-store.js';
import { STORE_NAME, STORE_SCHEMA, type StoreShape } from '../../main/store-schema.js';

/** A small seeded generator: the same run every time, and a failure names the seed's step. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function fuzzValue(next: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const date = new Date(Date.UTC(2026, 10, 24, 8)).toString(); // parseable, longer than an ISO string
  const texts = ['', '22:00', '07:30', '24:00', 'system', 'dark', 'neon', '2026-11-24T08:00:00.000Z', date];
  texts.push(`${date} `.repeat(2), 'x'.repeat(41));
  const kind = Math.floor(next() * (depth > 1 ? 5 : 6));
  if (kind === 0) return pick([true, false, null, undefined]);
  if (kind === 1) return pick([0, 1, 3, 999, 1000, 10_000, 600_000, 600_001, 1.5, -1, 1e9]);
  if (kind === 2 || kind === 3) return pick(texts);
  if (kind === 4) return [fuzzValue(next, depth + 1)];
  const keys = ['quietHours', 'coalesce', 'autoStart', 'theme', 'pausedUntil']
    .concat(['enabled', 'start', 'end', 'allowUrgent', 'windowMs', 'threshold']);
  const obj: Record<string, unknown> = {};
  const n = Math.floor(next() * 4);
  for (let i = 0; i < n; i++) obj[pick(keys)] = fuzzValue(next, depth + 1);
  return obj;
}

function fuzzPatch(next: () => number): unknown {
  const patch: Record<string, unknown> = {};
  const sections = ['quietHours', 'coalesce', 'autoStart', 'theme', 'pausedUntil'];
  for (const key of sections) if (next() < 0.4) patch[key] = fuzzValue(next, 1);
  return patch;
}

function accepted<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (err instanceof BridgeArgError || err instanceof SettingsError) return undefined;
    throw err;
  }
}

/** electron-store's own check (ajv, JSON Schema 2020-12, over the generated STORE_SCHEMA): true when it would save `file`. */
/** The real store's own check (ajv over the generated schema) of any value, as read back from disk. */
async function storeValidator(): Promise<(file: unknown) => boolean> {
  const cwd = await mkdtemp(join(tmpdir(), 'echo-tray-schema-'));
  const store = new Conf<StoreShape>({ cwd, configName: STORE_NAME, schema: STORE_SCHEMA });
  return (file) => {
    try {
      // The cast is the point: conf validates the value at run time against STORE_SCHEMA.
      store.store = file as StoreShape;
      return true;
    } catch {
      return false;
    }
  };
}

async function controllerOnStore(initial: StoreShape = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-store-'));
  const openStore = () => new Conf<StoreShape>({ cwd: dir, configName: STORE_NAME, schema: STORE_SCHEMA, clearInvalidConfig: true });
  openStore().store = initial;
  const logger = new MemoryLogger();
  const { profile } = parseProfile({
    laravel: { url: 'http://127.0.0.1:9' },
    connection: { broadcaster: 'redis', url: 'redis://127.0.0.1:9' },
    channels: ['poster_room'],
  });
  const controller = new AppController({
    profile,
    locked: false,
    vault: new MemoryTokenVault(),
    preferences: new StorePreferences(openStore()),
    history: await HistoryStore.open(join(dir, 'history.jsonl')),
    logger,
    opener: { open: async () => undefined },
  });
  const saveFailures = () => logger.lines.filter((l) => l.message === 'could not save preferences');
  return { controller, reload: () => new StorePreferences(openStore()).load(), saveFailures };
}

describe('what the IPC accepts, the store keeps (one zod schema, checked with ajv)', () => {
  it('refuses a pausedUntil the store could not hold (70 characters), at the IPC', () => {
    const long = new Date(Date.UTC(2026, 10, 24, 8)).toString().padEnd(70, ' ');
    assert.equal(long.length, 70);
    assert.ok(!Number.isNaN(Date.parse(long)), 'a date Date.parse accepts');
    assert.throws(() => validateInvokeArgs('settings:update', [{ pausedUntil: long }]), BridgeArgError);
  });

  it('refuses a 501st muted channel instead of failing every later save', async (t) => {
    const full = Array.from({ length: 499 }, (_, i) => `room-${i}`);
    const { controller, reload, saveFailures } = await controllerOnStore({ mutedChannels: full });
    t.after(async () => {
      await controller.stop();
    });
    assert.equal((await controller.handle('channels:mute', ['room-499', true])).ok, true, 'the 500th is kept');
    const refused = await controller.handle('channels:mute', ['room-500', true]);
    assert.equal(refused.ok, false);
    const theme = await controller.handle('settings:update', [{ theme: 'dark' }]);
    assert.equal(theme.theme, 'dark');
    assert.deepEqual(saveFailures(), []);
    const stored = reload();
    assert.equal(stored.mutedChannels.length, 500);
    assert.equal(stored.settings.theme, 'dark', 'the theme change after the refusal is kept');
  });

  it('property: every settings patch the IPC and the settings accept is a valid store file', async () => {
    const storeFile = await storeValidator();
    const next = random(11);
    let kept = 0;
    let current = DEFAULT_SETTINGS;
    for (let step = 0; step < 1000; step++) {
      const raw = fuzzPatch(next);
      const args = accepted(() => validateInvokeArgs('settings:update', [raw]));
      if (args === undefined) continue;
      assert.ok(storeFile({ settings: args[0] }), `step ${step}: the patch ${JSON.stringify(raw)} passed the IPC but not the store schema`);
      const applied = accepted(() => applySettingsPatch(current, args[0]));
      if (applied === undefined) continue;
      kept++;
      assert.ok(storeFile({ settings: applied }), `step ${step}: ${JSON.stringify(applied)}`);
      current = applied;
    }
    assert.ok(kept > 30, `only ${kept} patches were accepted: the generator no longer exercises the happy path`);
  });

  it('property: any sequence of accepted calls is saved by the real store and reloads as the same preferences', async (t) => {
    const { controller, reload, saveFailures } = await controllerOnStore();
    const storeFile = await storeValidator();
    const next = random(7);
    t.after(async () => {
      await controller.stop();
    });
    for (let step = 0; step < 150; step++) {
      const r = next();
      if (r < 0.5) {
        const args = accepted(() => validateInvokeArgs('settings:update', [fuzzPatch(next)]));
        const refusedOnly = (err: unknown) => assert.ok(err instanceof SettingsError);
        if (args) await accepted(() => controller.handle('settings:update', args))?.catch(refusedOnly);
      } else {
        const name = ['', 'a', 'poster_room', 'x'.repeat(300), `room-${Math.floor(next() * 40)}`][Math.floor(next() * 5)];
        const args = accepted(() => validateInvokeArgs('channels:mute', [name, next() < 0.7]));
        if (args) await controller.handle('channels:mute', args);
      }
      assert.deepEqual(saveFailures(), [], `step ${step}`);
    }
    const stored = reload();
    assert.deepEqual(stored.settings, controller.settings);
    assert.ok(storeFile(JSON.parse(JSON.stringify(stored)) as unknown));
  });
});
