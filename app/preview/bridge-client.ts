import type { ConnectionStatus, EchoTrayApi, InvokeArgs, InvokeChannel, InvokeResult, PushChannel, PushMap } from '../bridge/contract.js';
import { parseServerMessage, type ClientMessage } from './bridge-protocol.js';

/** The part of a WebSocket the bridge uses: the browser's, or `ws` in Node tests. */
export interface BridgeSocket {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

const OPEN = 1;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type AnyListener = (args: readonly unknown[]) => void;

/**
 * EchoTrayApi over one WebSocket to the preview server: what the preload gives the window in
 * Electron, for a browser. Invokes wait for the socket to open; when it closes, pending and later
 * invokes fail and the window is told it is offline.
 */
export function createBridgeClient(connect: () => BridgeSocket): EchoTrayApi {
  const socket = connect();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<PushChannel, Set<AnyListener>>();
  let nextId = 1;
  let closed = false;

  const emit = (channel: PushChannel, args: readonly unknown[]): void => {
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      try {
        listener(args);
      } catch (err) {
        console.error(`echoTray: a ${channel} listener failed`, err);
      }
    }
  };

  socket.onopen = () => {
    for (const text of queue.splice(0)) socket.send(text);
  };
  socket.onmessage = (event) => {
    if (typeof event.data !== 'string') return;
    const message = parseServerMessage(event.data);
    if (message === undefined) return;
    if (message.t === 'push') {
      emit(message.channel, message.args);
      return;
    }
    const waiter = pending.get(message.id);
    if (waiter === undefined) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(message.error));
  };
  socket.onerror = () => undefined;
  socket.onclose = () => {
    closed = true;
    queue.length = 0;
    for (const waiter of pending.values()) waiter.reject(new Error('the preview server is gone: restart it and reload this page'));
    pending.clear();
    const offline: ConnectionStatus = {
      state: 'offline',
      transport: 'preview',
      reason: 'the preview server stopped: restart it and reload this page',
    };
    emit('push:connection', [offline]);
  };

  const api: EchoTrayApi = {
    invoke<K extends InvokeChannel>(channel: K, ...args: InvokeArgs<K>): Promise<InvokeResult<K>> {
      if (closed) return Promise.reject(new Error('the preview server is gone: restart it and reload this page'));
      const id = nextId++;
      const message: ClientMessage = { t: 'invoke', id, channel, args };
      const text = JSON.stringify(message);
      return new Promise<InvokeResult<K>>((resolve, reject) => {
        pending.set(id, { resolve: (value) => resolve(value as InvokeResult<K>), reject });
        if (socket.readyState === OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    on<K extends PushChannel>(channel: K, listener: (...args: PushMap[K]) => void): () => void {
      let set = listeners.get(channel);
      if (set === undefined) {
        set = new Set();
        listeners.set(channel, set);
      }
      // The server sends each push channel's arguments as PushMap says (as Electron's IPC would).
      const wrapped: AnyListener = (args) => listener(...(args as PushMap[K]));
      set.add(wrapped);
      return () => {
        listeners.get(channel)?.delete(wrapped);
      };
    },
  };
  return Object.freeze(api);
}
