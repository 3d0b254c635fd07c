/**
 * Writes the icons electron-builder and the app use: `node dist/build/generate-icons.js <dir>`
 * (npm run build does it, into dist/icons/). app.png (512 px: electron-builder derives the
 * Windows .ico and macOS .icns from it), and tray-<state>.png at 32 px plus @2x.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TRAY_STATES } from '../app/desktop/tray-state.js';
import { drawAppIcon, drawTrayIcon, type Canvas } from './icon-art.js';
import { encodePng } from './png-encoder.js';

export const APP_ICON_SIZE = 512;
export const TRAY_ICON_SIZE = 32;

const png = (canvas: Canvas): Buffer => encodePng(canvas.size, canvas.size, canvas.pixels);

/** File name → PNG bytes. */
export function renderIcons(): Map<string, Buffer> {
  const files = new Map<string, Buffer>([['app.png', png(drawAppIcon(APP_ICON_SIZE))]]);
  for (const state of TRAY_STATES) {
    files.set(`tray-${state}.png`, png(drawTrayIcon(state, TRAY_ICON_SIZE)));
    files.set(`tray-${state}@2x.png`, png(drawTrayIcon(state, TRAY_ICON_SIZE * 2)));
  }
  return files;
}

export async function writeIcons(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, bytes] of renderIcons()) {
    await writeFile(join(dir, name), bytes);
    written.push(name);
  }
  return written;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('usage: node dist/build/generate-icons.js <output dir>\n');
    process.exit(2);
  }
  await writeIcons(dir);
}
