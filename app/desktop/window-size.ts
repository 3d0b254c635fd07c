/**
 * The window's smallest size: main/ sets it on the BrowserWindow, and the window's tests check every
 * view at exactly this size (nothing clipped, zero accessibility findings).
 */
export const WINDOW_MIN_SIZE = { width: 420, height: 480 } as const;
