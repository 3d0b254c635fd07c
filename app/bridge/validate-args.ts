import type { HistoryQuery } from '../history/history-store.js';
import type { InvokeArgs, InvokeChannel, SettingsPatch } from './contract.js';

/** Arguments from the window are untrusted: every handler gets them only through this check. */
export class BridgeArgError extends Error {
  constructor(channel: string, message: string) {
    super(`${channel}: ${message}`);
    this.name = 'BridgeArgError';
  }
}

type Validators = { [K in InvokeChannel]: (args: readonly unknown[]) => InvokeArgs<K> };

const MAX_TEXT = 1000;

function text(channel: string, value: unknown, what: string, max = MAX_TEXT): string {
  if (typeof value !== 'string') throw new BridgeArgError(channel, `${what} must be text`);
  if (value.length > max) throw new BridgeArgError(channel, `${what} is too long`);
  return value;
}

function arity(channel: string, args: readonly unknown[], n: number): void {
  if (args.length !== n) throw new BridgeArgError(channel, `expected ${n} argument(s), got ${args.length}`);
}

function plainObject(channel: string, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BridgeArgError(channel, `${what} must be an object`);
  return value as Record<string, unknown>;
}

function historyQuery(value: unknown): HistoryQuery {
  const ch = 'history:list';
  const q = plainObject(ch, value, 'query');
  const int = (key: string, max: number): number | undefined => {
    const v = q[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw new BridgeArgError(ch, `${key} must be a whole number from 0 to ${max}`);
    return v;
  };
  const offset = int('offset', 10_000_000);
  const limit = int('limit', 1000);
  const search = q.search === undefined ? undefined : text(ch, q.search, 'search', 200);
  const channel = q.channel === undefined ? undefined : text(ch, q.channel, 'channel', 300);
  if (q.unreadOnly !== undefined && typeof q.unreadOnly !== 'boolean') throw new BridgeArgError(ch, 'unreadOnly must be true or false');
  return {
    ...(offset !== undefined ? { offset } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(search !== undefined ? { search } : {}),
    ...(channel !== undefined ? { channel } : {}),
    ...(q.unreadOnly !== undefined ? { unreadOnly: q.unreadOnly } : {}),
  };
}

function settingsPatch(value: unknown): SettingsPatch {
  const ch = 'settings:update';
  const p = plainObject(ch, value, 'patch');
  const allowed = ['quietHours', 'coalesce', 'autoStart', 'theme', 'pausedUntil'];
  for (const key of Object.keys(p)) if (!allowed.includes(key)) throw new BridgeArgError(ch, `unknown setting "${key}"`);
  const section = (key: string, fields: Record<string, 'boolean' | 'string' | 'number'>): Record<string, unknown> | undefined => {
    if (p[key] === undefined) return undefined;
    const obj = plainObject(ch, p[key], key);
    for (const [k, v] of Object.entries(obj)) {
      if (!(k in fields)) throw new BridgeArgError(ch, `unknown setting "${key}.${k}"`);
      if (typeof v !== fields[k]) throw new BridgeArgError(ch, `${key}.${k} must be a ${fields[k]}`);
    }
    return obj;
  };
  const quietHours = section('quietHours', { enabled: 'boolean', start: 'string', end: 'string', allowUrgent: 'boolean' });
  const coalesce = section('coalesce', { enabled: 'boolean', windowMs: 'number', threshold: 'number' });
  if (p.autoStart !== undefined && typeof p.autoStart !== 'boolean') throw new BridgeArgError(ch, 'autoStart must be true or false');
  if (p.theme !== undefined && p.theme !== 'system' && p.theme !== 'light' && p.theme !== 'dark') throw new BridgeArgError(ch, 'theme must be system, light or dark');
  if (p.pausedUntil !== undefined && p.pausedUntil !== null && typeof p.pausedUntil !== 'string') throw new BridgeArgError(ch, 'pausedUntil must be a date or null');
  return p as SettingsPatch & { quietHours?: typeof quietHours; coalesce?: typeof coalesce };
}

const validators: Validators = {
  'app:state': (a) => (arity('app:state', a, 0), []),
  'session:login': (a) => {
    arity('session:login', a, 2);
    return [text('session:login', a[0], 'email', 320), text('session:login', a[1], 'password', 1000)];
  },
  'session:logout': (a) => {
    if (a.length === 0) return [];
    arity('session:logout', a, 1);
    const o = plainObject('session:logout', a[0], 'the logout options');
    if (Object.keys(o).some((k) => k !== 'forget') || (o.forget !== undefined && typeof o.forget !== 'boolean')) {
      throw new BridgeArgError('session:logout', 'the logout options are {forget: boolean}');
    }
    return [{ forget: o.forget === true }];
  },
  'history:list': (a) => (arity('history:list', a, 1), [historyQuery(a[0])]),
  'history:mark-read': (a) => {
    arity('history:mark-read', a, 1);
    const ids = a[0];
    if (!Array.isArray(ids) || ids.length > 10_000) throw new BridgeArgError('history:mark-read', 'ids must be a list of at most 10,000');
    return [ids.map((id: unknown) => text('history:mark-read', id, 'id', 200))];
  },
  'history:mark-all-read': (a) => (arity('history:mark-all-read', a, 0), []),
  'history:open': (a) => (arity('history:open', a, 1), [text('history:open', a[0], 'id', 200)]),
  'channels:add': (a) => (arity('channels:add', a, 1), [text('channels:add', a[0], 'channel name', 300)]),
  'channels:remove': (a) => (arity('channels:remove', a, 1), [text('channels:remove', a[0], 'channel name', 300)]),
  'channels:mute': (a) => {
    arity('channels:mute', a, 2);
    if (typeof a[1] !== 'boolean') throw new BridgeArgError('channels:mute', 'muted must be true or false');
    return [text('channels:mute', a[0], 'channel name', 300), a[1]];
  },
  'settings:update': (a) => (arity('settings:update', a, 1), [settingsPatch(a[0])]),
};

export function validateInvokeArgs<K extends InvokeChannel>(channel: K, args: readonly unknown[]): InvokeArgs<K> {
  return validators[channel](args);
}
