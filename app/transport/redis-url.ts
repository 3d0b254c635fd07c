import type { RedisOptions } from 'ioredis';

/** Password, user and database of a `redis://` URL, for ioredis options (Sentinel mode takes them so). */
export function credentialsOf(url: string): Pick<RedisOptions, 'password' | 'username' | 'db'> {
  const u = new URL(url);
  const db = Number(u.pathname.replace('/', ''));
  return {
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(Number.isInteger(db) && u.pathname.length > 1 ? { db } : {}),
  };
}
