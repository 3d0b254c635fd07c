import type { EchoTrayApi } from '../app/bridge/contract.js';

declare global {
  interface Window {
    /** The preload's contextBridge API in Electron, the preview bridge in a browser. */
    readonly echoTray?: EchoTrayApi;
  }
}

export function findBridge(): EchoTrayApi | undefined {
  return window.echoTray;
}

/**
 * The words of a failed invoke. Electron wraps handler errors as
 * "Error invoking remote method 'x': Error: words"; the preview bridge passes the words as is.
 */
export function errorText(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  // A refused argument names its channel ("settings:update: …"): staff read only the reason.
  return raw.replace(/^Error invoking remote method '[^']*': /, '').replace(/^(\w*Error): /, '').replace(/^[a-z]+:[a-z-]+: /, '');
}
