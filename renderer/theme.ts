import type { Theme } from '../app/bridge/contract.js';

/** The stylesheet reads `data-theme`; "system" follows prefers-color-scheme. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}
