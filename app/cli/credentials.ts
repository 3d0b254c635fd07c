import type { Credentials } from '../auth/session.js';
import { UsageError, type CliIo } from './cli-io.js';
import { promptHidden } from './prompt.js';

export interface CredentialOptions {
  readonly email: string | undefined;
  /** The environment variable holding a bearer token (default ECHO_TRAY_TOKEN). */
  readonly tokenEnv: string;
}

/**
 * A bearer token from the environment, else an email (flag or $ECHO_TRAY_EMAIL) with the password
 * from $ECHO_TRAY_PASSWORD or asked on the terminal. Throws UsageError when neither can be had.
 */
export async function readCredentials(opts: CredentialOptions, io: CliIo): Promise<Credentials> {
  const token = io.env[opts.tokenEnv];
  if (token !== undefined && token.trim() !== '') return { token: token.trim() };
  const email = opts.email ?? io.env.ECHO_TRAY_EMAIL;
  if (email === undefined || email === '') {
    throw new UsageError(`no credentials: pass --email (with the password in $ECHO_TRAY_PASSWORD), or a bearer token in $${opts.tokenEnv}`);
  }
  let password = io.env.ECHO_TRAY_PASSWORD;
  if (password === undefined) {
    if (!io.stdin.isTTY) throw new UsageError('no password: set $ECHO_TRAY_PASSWORD (stdin is not a terminal to ask on)');
    password = await promptHidden(`password for ${email}: `, io.stdin, io.stderr);
  }
  return { email, password };
}
