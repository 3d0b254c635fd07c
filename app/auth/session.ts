import { decodeJwt } from './jwt.js';
import { type LaravelClient, LoginError, type LaravelUser } from './laravel-client.js';

export interface Session {
  readonly token: string;
  /** The `{userId}` of channel templates: the JWT's `sub`, else `id` from `laravel.me`. */
  readonly userId: string;
  readonly user: LaravelUser | undefined;
  readonly expiresAt: Date | undefined;
}

export type Credentials = { readonly email: string; readonly password: string } | { readonly token: string };

/** Logs in (or adopts a token the user already has) and finds out who the user is. */
export async function openSession(client: LaravelClient, credentials: Credentials): Promise<Session> {
  const token = 'token' in credentials ? credentials.token.trim() : await client.login(credentials.email, credentials.password);
  if (token === '') throw new LoginError('no-token', 'the bearer token is empty');
  const claims = decodeJwt(token);
  if (claims?.expiresAt && claims.expiresAt.getTime() <= Date.now()) {
    throw new LoginError('wrong-credentials', `the token expired at ${claims.expiresAt.toISOString()}: log in again`);
  }
  if (claims?.sub !== undefined) return { token, userId: claims.sub, user: undefined, expiresAt: claims.expiresAt };
  const user = await client.me(token);
  return { token, userId: user.id, user, expiresAt: claims?.expiresAt };
}
