/** Claims Echo Tray reads from a JWT (tymon/jwt-auth, php-open-source-saver/jwt-auth, Passport). */
export interface JwtClaims {
  readonly sub: string | undefined;
  /** Expiry as a Date, when the token says. */
  readonly expiresAt: Date | undefined;
}

/**
 * Decodes a JWT's payload WITHOUT verifying it: the notifier is not the token's audience, it only
 * wants the user id and expiry. Returns undefined for opaque tokens (Sanctum's `12|abc…`).
 */
export function decodeJwt(token: string): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] === undefined || parts[1] === undefined) return undefined;
  const header = jsonObject(parts[0]);
  // An unsigned token names whoever its author likes: its `sub` must not pick the user's channels.
  if (header === undefined || (typeof header.alg === 'string' && header.alg.toLowerCase() === 'none')) return undefined;
  const claims = jsonObject(parts[1]);
  if (claims === undefined) return undefined;
  const sub = typeof claims.sub === 'string' || typeof claims.sub === 'number' ? String(claims.sub) : undefined;
  const expiresAt = typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? new Date(claims.exp * 1000) : undefined;
  return { sub, expiresAt };
}

function jsonObject(part: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
