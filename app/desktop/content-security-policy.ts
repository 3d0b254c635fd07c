/**
 * The window's CSP, sent as a header with every page of the app protocol (Electron) and of the preview server
 * (a browser): only the app's own scripts, styles, images and fonts; no inline script, no eval, no remote
 * anything, no plugins, no frames, no forms, no <base>. The renderer talks to main only through the bridge.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The same policy without the directives a `<meta http-equiv>` cannot carry: what renderer/index.html repeats. */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
