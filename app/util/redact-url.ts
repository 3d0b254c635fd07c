/**
 * A URL as quoted in a message (error, log, dialog, status): its password, and the values of query
 * parameters that look like secrets, replaced by `***`. Works on strings that do not parse as URLs
 * too (a password with `#` or `@` is what breaks parsing), cutting everything before the last `@`
 * of the authority to `user:***`.
 */
const SECRET_PARAM = /pass|secret|token|key|auth|sig/i;

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const secrets = [...u.searchParams.keys()].filter((name) => SECRET_PARAM.test(name));
    // Unchanged when there is nothing to hide: toString() would also normalize it (a trailing `/`).
    if (u.password === '' && secrets.length === 0) return url;
    if (u.password) u.password = '***';
    for (const name of secrets) u.searchParams.set(name, '***');
    // URLSearchParams would encode the `*`s; a message is for people.
    return u.toString().replaceAll('%2A%2A%2A', '***');
  } catch {
    return redactUnparsed(url);
  }
}

function redactUnparsed(text: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)(.*)$/s.exec(text);
  const [prefix, rest] = scheme === null ? ['', text] : [scheme[1] ?? '', scheme[2] ?? ''];
  const at = rest.lastIndexOf('@');
  if (at < 0) return prefix + redactQuery(rest);
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? '' : userinfo.slice(0, colon);
  return `${prefix}${user}:***@${redactQuery(rest.slice(at + 1))}`;
}

function redactQuery(text: string): string {
  return text.replace(/([?&][^=&#]*(?:pass|secret|token|key|auth|sig)[^=&#]*=)[^&#]*/gi, '$1***');
}
