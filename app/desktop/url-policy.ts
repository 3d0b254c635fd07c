export type UrlVerdict = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/**
 * Whether a notification's URL may be handed to the OS browser: only http(s), only the Laravel
 * app's origin or one the profile allows. Anything else (javascript:, file:, data:, a look-alike
 * host, credentials in the URL) is refused, and the window shows the item instead.
 */
export function checkOpenableUrl(raw: string, allowedOrigins: readonly string[]): UrlVerdict {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'this notification has no link' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'the link is not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `links of type "${url.protocol}" are never opened` };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'links that carry a user name or password are not opened' };
  const origins = new Set(allowedOrigins.map(originOf).filter((o): o is string => o !== undefined));
  if (!origins.has(url.origin)) return { ok: false, reason: `${url.origin} is not the Laravel app's address` };
  return { ok: true, url: url.toString() };
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}
