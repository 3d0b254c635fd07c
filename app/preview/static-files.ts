import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Plain names below the folder only: no `..`, no dot files, no odd characters. */
const SAFE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
}

/** A file of the built window (read on every request, so a rebuild shows on reload). */
export async function readStatic(root: string, path: string): Promise<StaticFile | undefined> {
  if (!SAFE_PATH.test(path) || path.split('/').some((part) => part.includes('..'))) return undefined;
  const type = TYPES[extname(path)];
  if (type === undefined) return undefined;
  try {
    return { body: await readFile(join(root, path)), type };
  } catch {
    return undefined;
  }
}

export const RENDERER_SCRIPT_TAG = '<script src="index.js" defer></script>';
export const PREVIEW_BRIDGE_NAME = 'preview-bridge.js';

/** The window's index.html with the preview bridge loaded first (it defines window.echoTray). */
export function withPreviewBridge(indexHtml: string): string {
  if (!indexHtml.includes(RENDERER_SCRIPT_TAG)) throw new Error(`the built index.html has no ${RENDERER_SCRIPT_TAG}`);
  return indexHtml.replace(RENDERER_SCRIPT_TAG, `<script src="${PREVIEW_BRIDGE_NAME}" defer></script>\n${RENDERER_SCRIPT_TAG}`);
}
