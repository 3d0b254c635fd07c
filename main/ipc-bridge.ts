import {
  INVOKE_CHANNELS,
  PUSH_CHANNELS,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
  type PushChannel,
  type PushMap,
} from '../app/bridge/contract.js';
import { validateInvokeArgs } from '../app/bridge/validate-args.js';
import type { Logger } from '../app/log.js';
import type { InvokeEventPort, IpcMainPort } from './electron-ports.js';

/** ipcMain re-typed on the contract: a handler's result must be its channel's result type. */
export class TypedIpcMain {
  constructor(private readonly ipc: IpcMainPort) {}

  handle<K extends InvokeChannel>(channel: K, listener: (event: InvokeEventPort, ...args: unknown[]) => Promise<InvokeResult<K>>): void {
    this.ipc.handle(channel, listener);
  }

  removeHandler(channel: InvokeChannel): void {
    this.ipc.removeHandler(channel);
  }
}

export interface InvokeTarget {
  handle<K extends InvokeChannel>(channel: K, args: InvokeArgs<K>): Promise<InvokeResult<K>>;
}

export interface IpcBridgeDeps {
  readonly ipcMain: IpcMainPort;
  readonly target: InvokeTarget;
  readonly isTrustedSender: (event: InvokeEventPort) => boolean;
  readonly logger: Logger;
}

export class IpcRefusedError extends Error {
  constructor(channel: string) {
    super(`${channel}: refused: the request did not come from the Echo Tray window`);
    this.name = 'IpcRefusedError';
  }
}

/**
 * Registers one handler per invoke channel of the contract. Each checks the sender first, then
 * validates the arguments (they come from a web page), then calls the controller.
 * Returns a function that unregisters them.
 */
export function registerIpcHandlers(deps: IpcBridgeDeps): () => void {
  const ipc = new TypedIpcMain(deps.ipcMain);
  const register = <K extends InvokeChannel>(channel: K): void => {
    ipc.handle(channel, async (event, ...args) => {
      if (!deps.isTrustedSender(event)) {
        deps.logger.log('warn', 'IPC from an unknown sender was refused', { channel, url: event.senderFrame?.url.slice(0, 200) ?? null });
        throw new IpcRefusedError(channel);
      }
      return deps.target.handle(channel, validateInvokeArgs(channel, args));
    });
  };
  for (const channel of INVOKE_CHANNELS) register(channel);
  return () => {
    for (const channel of INVOKE_CHANNELS) ipc.removeHandler(channel);
  };
}

export interface PushSource {
  on<K extends PushChannel>(event: K, listener: (...args: PushMap[K]) => void): () => void;
}

export interface PushSink {
  send<K extends PushChannel>(channel: K, ...args: PushMap[K]): void;
}

/** Forwards the controller's pushes to the window; `push:show-item` is left out (it also shows the window). */
export function forwardPushes(source: PushSource, sink: PushSink, except: readonly PushChannel[] = ['push:show-item']): () => void {
  const stops: (() => void)[] = [];
  const forward = <K extends PushChannel>(channel: K): void => {
    stops.push(source.on(channel, (...args: PushMap[K]) => sink.send(channel, ...args)));
  };
  for (const channel of PUSH_CHANNELS) if (!except.includes(channel)) forward(channel);
  return () => {
    for (const stop of stops) stop();
  };
}
