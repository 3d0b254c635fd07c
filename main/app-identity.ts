/** Must equal electron-builder.yml's appId: Windows only shows toasts for the installer's AppUserModelID. */
export const APP_ID = 'com.echotray.desktop';
export const PRODUCT_NAME = 'Echo Tray';
export const APP_DESCRIPTION = 'Laravel broadcasts as desktop notifications';

/** The window's UI is served from `app://echo-tray/`, never from a remote URL. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'echo-tray';
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for a URL of the app's own origin (WHATWG URL gives custom schemes an opaque "null" origin). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '' && url.port === '';
  } catch {
    return false;
  }
}
