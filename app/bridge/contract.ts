/**
 * The one contract between the Electron main process (or the preview server) and the window.
 * main/ registers a handler for every invoke channel, the preload exposes exactly this API through
 * contextBridge, and the renderer calls it; all three import these types, so a renamed channel or
 * a changed signature fails to compile everywhere at once.
 */
import type { LoginFailure } from '../auth/laravel-client.js';
import type { HistoryEntry, HistoryPage, HistoryQuery } from '../history/history-store.js';
import type { ChannelStatus, ConnectionStatus, PresenceMember } from '../transport/transport.js';

export type { HistoryEntry, HistoryPage, HistoryQuery } from '../history/history-store.js';
export type { ConnectionStatus, PresenceMember } from '../transport/transport.js';

export type Theme = 'system' | 'light' | 'dark';

export interface QuietHours {
  readonly enabled: boolean;
  /** Local time "HH:MM"; a start after the end spans midnight. */
  readonly start: string;
  readonly end: string;
  /** Urgent items (rule or payload `urgency: "critical"`) still raise a notification. */
  readonly allowUrgent: boolean;
}

export interface CoalesceSettings {
  readonly enabled: boolean;
  /** More than `threshold` notifications within `windowMs` become one summary. */
  readonly windowMs: number;
  readonly threshold: number;
}

export interface Settings {
  readonly quietHours: QuietHours;
  readonly coalesce: CoalesceSettings;
  readonly autoStart: boolean;
  readonly theme: Theme;
  /** ISO time until which OS notifications are paused; null = not paused. */
  readonly pausedUntil: string | null;
}

export type SettingsPatch = {
  readonly quietHours?: Partial<QuietHours>;
  readonly coalesce?: Partial<CoalesceSettings>;
  readonly autoStart?: boolean;
  readonly theme?: Theme;
  readonly pausedUntil?: string | null;
};

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
  /** From the profile (IT) or added by the user (removable). */
  readonly source: 'profile' | 'user';
  readonly kind: 'public' | 'private' | 'presence';
  readonly members: readonly PresenceMember[];
}

export interface AppState {
  readonly profile: ProfileView;
  readonly session: SessionView;
  readonly connection: ConnectionStatus;
  readonly channels: readonly ChannelView[];
  readonly settings: Settings;
  readonly unread: number;
}

export type LoginResult =
  | { readonly ok: true; readonly session: SessionView }
  | { readonly ok: false; readonly kind: LoginFailure | 'invalid-input'; readonly message: string };

export type OpenResult = { readonly opened: true; readonly url: string } | { readonly opened: false; readonly reason: string };

export type ChannelResult = { readonly ok: true; readonly channels: readonly ChannelView[] } | { readonly ok: false; readonly message: string };

/** `forget`: "forget this computer", the user's history on this computer is deleted too. */
export interface LogoutOptions {
  readonly forget?: boolean;
}

/** renderer → main, request/response (`ipcRenderer.invoke` / `ipcMain.handle`). */
export interface InvokeMap {
  'app:state': { args: []; result: AppState };
  'session:login': { args: [email: string, password: string]; result: LoginResult };
  'session:logout': { args: [options?: LogoutOptions]; result: SessionView };
  'history:list': { args: [query: HistoryQuery]; result: HistoryPage };
  'history:mark-read': { args: [ids: readonly string[]]; result: number };
  'history:mark-all-read': { args: []; result: number };
  /** Opens the entry's URL in the default browser if the URL policy allows it. */
  'history:open': { args: [id: string]; result: OpenResult };
  'channels:add': { args: [name: string]; result: ChannelResult };
  'channels:remove': { args: [channel: string]; result: ChannelResult };
  'channels:mute': { args: [channel: string, muted: boolean]; result: ChannelResult };
  'settings:update': { args: [patch: SettingsPatch]; result: Settings };
}

export type HistoryUpdate =
  | { readonly kind: 'added'; readonly entries: readonly HistoryEntry[]; readonly unread: number }
  | { readonly kind: 'read'; readonly ids: readonly string[] | 'all'; readonly unread: number }
  | { readonly kind: 'reloaded'; readonly unread: number };

/** main → renderer pushes (`webContents.send` / `ipcRenderer.on`). */
export interface PushMap {
  'push:connection': [status: ConnectionStatus];
  'push:channels': [channels: readonly ChannelView[]];
  'push:session': [session: SessionView];
  'push:history': [update: HistoryUpdate];
  'push:settings': [settings: Settings];
  /** A notification whose URL could not be opened: the window shows the item instead. */
  'push:show-item': [id: string];
}

export type InvokeChannel = keyof InvokeMap;
export type PushChannel = keyof PushMap;
export type InvokeArgs<K extends InvokeChannel> = InvokeMap[K]['args'];
export type InvokeResult<K extends InvokeChannel> = InvokeMap[K]['result'];

export const INVOKE_CHANNELS: readonly InvokeChannel[] = [
  'app:state',
  'session:login',
  'session:logout',
  'history:list',
  'history:mark-read',
  'history:mark-all-read',
  'history:open',
  'channels:add',
  'channels:remove',
  'channels:mute',
  'settings:update',
];

export const PUSH_CHANNELS: readonly PushChannel[] = ['push:connection', 'push:channels', 'push:session', 'push:history', 'push:settings', 'push:show-item'];

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
