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
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const claims = payload as Record<string, unknown>;
  const sub = typeof claims.sub === 'string' || typeof claims.sub === 'number' ? String(claims.sub) : undefined;
  const expiresAt = typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? new Date(claims.exp * 1000) : undefined;
  return { sub, expiresAt };
}
