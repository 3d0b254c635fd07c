/**
 * Loaded by the preview's index.html before the window's own script: defines `window.echoTray`
 * as the preload does in Electron, over a WebSocket to the preview server. The page's path
 * starts with the per-run token (`/<token>/`), and so does the socket's.
 *
 * Bundled for the browser by esbuild (build:renderer); written against the few browser globals it
 * uses so that it also type-checks with the Node-only root tsconfig.
 */
import type { EchoTrayApi } from '../../bridge/contract.js';
import { createBridgeClient, type BridgeSocket } from '../bridge-client.js';

interface PreviewGlobals {
  readonly WebSocket: new (url: string) => BridgeSocket;
  readonly location: { readonly host: string; readonly pathname: string };
  echoTray?: EchoTrayApi;
}

const browser = globalThis as unknown as PreviewGlobals;
const token = browser.location.pathname.split('/')[1] ?? '';
const api = createBridgeClient(() => new browser.WebSocket(`ws://${browser.location.host}/${token}/bridge`));
Object.defineProperty(browser, 'echoTray', { value: api, writable: false, enumerable: true, configurable: false });
