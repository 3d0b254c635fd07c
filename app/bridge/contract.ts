/**
 * The one contract between the Electron main process (or the preview server) and the window.
 * main/ registers a handler for every invoke channel, the preload exposes exactly this API through
 * contextBridge, and the renderer calls it; all three import these types, so a renamed channel or
 * a changed signature fails to compile everywhere at once.
 */
import type { LoginFailure } from '../auth/laravel-client.js';
import type { HistoryEntry, HistoryPage } from '../history/history-store.js';
import type * as z from 'zod';
import type { Settings } from '../schema/settings-schema.js';
import type { INVOKE_ARGS } from './invoke-args.js';
import type { ChannelLabel } from '../i18n/index.js';
import type { ChannelStatus, ConnectionStatus, PresenceMember } from '../transport/transport.js';

export type { HistoryEntry, HistoryPage, HistoryQuery } from '../history/history-store.js';
export type { ConnectionStatus, PresenceMember } from '../transport/transport.js';
export type { ChannelLabel, LanguageSetting } from '../i18n/index.js';

export type { CoalesceSettings, QuietHours, Settings, SettingsPatch, Theme } from '../schema/settings-schema.js';

export type SessionState = 'logged-out' | 'logging-in' | 'logged-in' | 'expired';

export interface SessionView {
  readonly state: SessionState;
  readonly email: string | null;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly expiresAt: string | null;
  /** Why the last login failed or the session ended, in words. */
  readonly message: string | null;
  /** `weak` = Linux `basic_text` backend: the token is obfuscated, not encrypted. */
  readonly tokenStorage: 'encrypted' | 'weak' | 'memory';
}

export interface ProfileView {
  readonly name: string;
  readonly laravelUrl: string;
  readonly broadcaster: string;
  /** Relay or Redis address shown in the connection banner (never with a password). */
  readonly server: string;
  /** IT locked the server settings: the window shows them read-only. */
  readonly locked: boolean;
}

export interface ChannelView extends ChannelStatus {
  readonly muted: boolean;
  /**
   * The user hid it (`channels:hide`, typically after Laravel refused it): no error badge, left out
   * of the history's channel filter. Still subscribed; per user, like mutes.
   */
  readonly hidden: boolean;
  /** From the profile (IT) or added by the user (removable). */
  readonly source: 'profile' | 'user';
  readonly kind: 'public' | 'private' | 'presence';
  readonly members: readonly PresenceMember[];
  /** The profile's label for this channel (the window picks the language), null = none given. */
  readonly label: ChannelLabel | null;
}

/** Pop-ups are silenced (history still records everything): paused by the user, or quiet hours. */
export interface QuietView {
  readonly kind: 'paused' | 'quiet-hours';
  /** ISO time it ends ("Quiet until 07:00", "Paused until 14:30"). */
  readonly until: string;
}

export interface AppState {
  readonly profile: ProfileView;
  readonly session: SessionView;
  readonly connection: ConnectionStatus;
  readonly channels: readonly ChannelView[];
  readonly settings: Settings;
  readonly unread: number;
  /** The host's preferred languages for the `system` language (Electron's), null = the browser's own. */
  readonly systemLanguages: readonly string[] | null;
  /** Null while pop-ups are raised normally. */
  readonly quiet: QuietView | null;
}

export type LoginResult =
  | { readonly ok: true; readonly session: SessionView }
  | { readonly ok: false; readonly kind: LoginFailure | 'invalid-input'; readonly message: string };

export interface MarkResult {
  /** How many entries were marked (unread before). */
  readonly count: number;
  /** Which, for an Undo through `history:mark-unread`. */
  readonly ids: readonly string[];
}

export type OpenResult = { readonly opened: true; readonly url: string } | { readonly opened: false; readonly reason: string };

export type { LogoutOptions } from './invoke-args.js';

export type ChannelResult =
  | { readonly ok: true; readonly channels: readonly ChannelView[] }
  | { readonly ok: false; readonly message: string };

/** A result type carried by the table for the compiler only (results come from our own code, not the page). */
export interface Returns<T> {
  readonly result?: T;
}
const returns = <T>(): Returns<T> => ({});

/**
 * renderer → main, request/response (`ipcRenderer.invoke` / `ipcMain.handle`): per channel, its
 * result type here and its argument schema in INVOKE_ARGS (invoke-args.ts, which must have exactly
 * these keys). The schemas live apart only so that the sandboxed preload and the window never bundle
 * zod; the channel list, InvokeMap and the handler map's type all derive from the two.
 */
export const INVOKE_CONTRACT = {
  'app:state': returns<AppState>(),
  'session:login': returns<LoginResult>(),
  'session:logout': returns<SessionView>(),
  'history:list': returns<HistoryPage>(),
  'history:mark-read': returns<number>(),
  'history:mark-all-read': returns<number>(),
  /** Marks read the unread entries the query shows (the window's current filter), whatever is loaded; Undo passes `ids` back. */
  'history:mark-matching': returns<MarkResult>(),
  /** Marks these entries unread again (Undo of a mark, or "Mark as unread" on one item); returns how many changed. */
  'history:mark-unread': returns<number>(),
  /** Opens the entry's URL in the default browser if the URL policy allows it. */
  'history:open': returns<OpenResult>(),
  'channels:add': returns<ChannelResult>(),
  'channels:remove': returns<ChannelResult>(),
  'channels:mute': returns<ChannelResult>(),
  /** (channel, hidden): hides a channel from the lists, or shows it again. */
  'channels:hide': returns<ChannelResult>(),
  'settings:update': returns<Settings>(),
  /** The window's Retry: drop the connection and connect again now. */
  'connection:retry': returns<void>(),
} as const;

type InvokeContract = typeof INVOKE_CONTRACT;
export type InvokeChannel = keyof InvokeContract;
export type InvokeArgs<K extends InvokeChannel> = z.output<(typeof INVOKE_ARGS)[K]>;
export type InvokeResult<K extends InvokeChannel> = InvokeContract[K] extends Returns<infer T> ? T : never;
export type InvokeMap = { [K in InvokeChannel]: { args: InvokeArgs<K>; result: InvokeResult<K> } };

/** What main/ and the preview host: one handler per channel, typed by the table (a gap or a wrong result fails to compile). */
export type InvokeHandlers = { [K in InvokeChannel]: (...args: InvokeArgs<K>) => InvokeResult<K> | Promise<InvokeResult<K>> };

export type HistoryUpdate =
  | { readonly kind: 'added'; readonly entries: readonly HistoryEntry[]; readonly unread: number }
  | { readonly kind: 'read'; readonly ids: readonly string[] | 'all'; readonly unread: number }
  /** Entries marked unread again (an Undo, or "Mark as unread"). */
  | { readonly kind: 'unread'; readonly ids: readonly string[]; readonly unread: number }
  | { readonly kind: 'reloaded'; readonly unread: number };

/** main → renderer pushes (`webContents.send` / `ipcRenderer.on`). */
export interface PushMap {
  'push:connection': [status: ConnectionStatus];
  'push:channels': [channels: readonly ChannelView[]];
  'push:session': [session: SessionView];
  'push:history': [update: HistoryUpdate];
  'push:settings': [settings: Settings];
  /** A pause or quiet period started, ended or changed (by the settings or by the clock). */
  'push:quiet': [quiet: QuietView | null];
  /** A notification whose URL could not be opened: the window shows the item instead. */
  'push:show-item': [id: string];
}

export type PushChannel = keyof PushMap;

export const INVOKE_CHANNELS: readonly InvokeChannel[] = keysOf(INVOKE_CONTRACT);

export const PUSH_CHANNELS: readonly PushChannel[] = [
  'push:connection',
  'push:channels',
  'push:session',
  'push:history',
  'push:settings',
  'push:quiet',
  'push:show-item',
];

/** What the window sees as `window.echoTray` (the preload's contextBridge API, or the preview's). */
export interface EchoTrayApi {
  invoke<K extends InvokeChannel>(channel: K, ...args: InvokeArgs<K>): Promise<InvokeResult<K>>;
  on<K extends PushChannel>(channel: K, listener: (...args: PushMap[K]) => void): () => void;
}

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value);
}

export function isPushChannel(value: unknown): value is PushChannel {
  return typeof value === 'string' && (PUSH_CHANNELS as readonly string[]).includes(value);
}

function keysOf<T extends object>(table: T): (keyof T & string)[] {
  return Object.keys(table).filter((k): k is keyof T & string => k in table);
}
