/**
 * The sandboxed window's preload, bundled by esbuild to one CommonJS file (dist/preload/preload.cjs):
 * sandboxed preloads cannot load modules of their own. Exposes exactly the contract's EchoTrayApi
 * as `window.echoTray`; channels outside the contract's lists never reach ipcRenderer, and the
 * IPC event object (which carries `sender`) never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  isInvokeChannel,
  isPushChannel,
  type EchoTrayApi,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
  type PushChannel,
  type PushMap,
} from '../../app/bridge/contract.js';

function invoke<K extends InvokeChannel>(channel: K, ...args: InvokeArgs<K>): Promise<InvokeResult<K>> {
  if (!isInvokeChannel(channel)) return Promise.reject(new Error(`echoTray.invoke: unknown channel ${String(channel)}`));
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeResult<K>>;
}

function on<K extends PushChannel>(channel: K, listener: (...args: PushMap[K]) => void): () => void {
  if (!isPushChannel(channel)) throw new Error(`echoTray.on: unknown channel ${String(channel)}`);
  if (typeof listener !== 'function') throw new TypeError('echoTray.on: the listener must be a function');
  const relay = (_event: IpcRendererEvent, ...args: unknown[]): void => listener(...(args as PushMap[K]));
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

const api: EchoTrayApi = { invoke, on };

contextBridge.exposeInMainWorld('echoTray', api);
