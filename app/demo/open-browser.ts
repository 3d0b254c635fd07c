import { spawn } from 'node:child_process';
import { errorMessage } from '../util/error-reason.js';

/** The platform's "open this in the browser" command (xdg-open, open, or cmd's start). */
export function browserCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // start's first quoted argument is the window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Best effort: a machine without a browser (or without xdg-open) gets a message, never an error. */
export function openBrowser(url: string, say: (line: string) => void, platform: NodeJS.Platform = process.platform): void {
  const { command, args } = browserCommand(platform, url);
  const failed = (why: string): void => say(`could not open a browser (${command}: ${why}); open the address above yourself`);
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', (err) => failed(err.message));
    child.once('exit', (code) => {
      if (code !== 0 && code !== null) failed(`exit code ${code}`);
    });
    child.unref();
  } catch (err) {
    failed(errorMessage(err));
  }
}
