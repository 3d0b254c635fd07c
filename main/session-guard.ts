import type { Logger } from '../app/log.js';
import type { SessionPort } from './electron-ports.js';

/**
 * The window needs no browser permission (notifications come from main, not from the page):
 * every request and check is refused, and downloads are cancelled.
 */
export function hardenSession(session: SessionPort, logger: Logger): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    logger.log('warn', 'a permission request from the window was refused', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.on('will-download', (event) => {
    logger.log('warn', 'a download from the window was cancelled');
    event.preventDefault();
  });
}
