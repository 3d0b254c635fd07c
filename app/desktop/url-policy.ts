/** Why a link is not opened, for the staff's message (see LinkService) and, as `reason`, for the log. */
export type UrlRefusal =
  | { readonly kind: 'no-link' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'scheme'; readonly scheme: string }
  | { readonly kind: 'credentials' }
  | { readonly kind: 'other-site'; readonly origin: string };

export type UrlVerdict =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly refusal: UrlRefusal; readonly reason: string };

function refused(refusal: UrlRefusal, reason: string): UrlVerdict {
  return { ok: false, refusal, reason };
}

/**
 * Whether a notification's URL may be handed to the OS browser: only http(s), only the Laravel
 * app's origin or one the profile allows. Anything else (javascript:, file:, data:, a look-alike
 * host, credentials in the URL) is refused, and the window shows the item instead.
 */
export function checkOpenableUrl(raw: string, allowedOrigins: readonly string[]): UrlVerdict {
  const text = raw.trim();
  if (text === '') return refused({ kind: 'no-link' }, 'this notification has no link');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refused({ kind: 'invalid' }, 'the link is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refused({ kind: 'scheme', scheme: url.protocol }, `links of type "${url.protocol}" are never opened`);
  }
  if (url.username !== '' || url.password !== '') {
    return refused({ kind: 'credentials' }, 'links that carry a user name or password are not opened');
  }
  const origins = new Set(allowedOrigins.map(originOf).filter((o): o is string => o !== undefined));
  if (!origins.has(url.origin)) {
    return refused({ kind: 'other-site', origin: url.origin }, `${url.origin} is not the Laravel app's address`);
  }
  return { ok: true, url: url.toString() };
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}
