import type { UrlOpener } from '../app/desktop/ports.js';
import { checkOpenableUrl } from '../app/desktop/url-policy.js';
import type { ShellPort } from './electron-ports.js';

/**
 * The app's only call to shell.openExternal. Every URL is checked against the URL policy right
 * here (only http(s) of the Laravel origin or an origin the profile allows), even when the caller
 * checked it already: a new caller cannot forget it.
 */
export class ExternalOpener implements UrlOpener {
  constructor(
    private readonly shell: ShellPort,
    private readonly allowedOrigins: readonly string[],
  ) {}

  /** Rejects with the reason when the policy refuses the URL. */
  async open(raw: string): Promise<void> {
    const verdict = checkOpenableUrl(raw, this.allowedOrigins);
    if (!verdict.ok) throw new Error(`link not opened: ${verdict.reason}`);
    // Reviewed for Electronegativity: verdict.url passed checkOpenableUrl on the line above.
    await this.shell.openExternal(verdict.url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  }
}
