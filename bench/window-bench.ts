import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededHistory } from '../test/support/history-seed.js';
import { ALICE } from '../test/support/stack.js';
import { launchChromium } from '../test/renderer/support/browser.js';
import { startPreviewStack } from '../test/renderer/support/preview-stack.js';
import { absolute, againstFloorPlus, median, percentile, type Measure } from './measures.js';

/** In the page, before any script: resolves with ms since navigation at the frame that shows the first row. */
const FIRST_ROW_PROBE = `
window.__firstRow = new Promise((resolve) => {
  const seen = () => document.querySelector('[role="option"] .row-title') !== null;
  const done = () => requestAnimationFrame(() => resolve(performance.now()));
  new MutationObserver((_, observer) => {
    if (!seen()) return;
    observer.disconnect();
    done();
  }).observe(document, { subtree: true, childList: true });
});`;

/** In the page: scrolls the list a screen or so per frame, jumping elsewhere every 10th frame
 * (scrollbar drag, End/Home); resolves with each frame's duration in ms. */
const SCROLL_FRAMES = `(async () => {
  const list = document.querySelector('[role="listbox"]');
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const durations = [];
  let last = await frame();
  for (let i = 0; i < 300; i++) {
    list.scrollTop = i % 10 === 9 ? (((i * 7919) % 100) / 100) * list.scrollHeight : list.scrollTop + 700;
    const now = await frame();
    durations.push(now - last);
    last = now;
  }
  return durations;
})()`;

async function withHistory<T>(count: number, fn: (url: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-window-bench-'));
  const historyPath = join(dir, 'history.jsonl');
  await writeFile(historyPath, seededHistory(count, Date.now()));
  const env = await startPreviewStack({ history: { cap: 60_000 } }, { login: ALICE.id, historyPath });
  // The window opened once the history is loaded (it loads in the background after start-up).
  await env.preview.history.ready;
  try {
    return await fn(env.preview.url);
  } finally {
    await env.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The window (the preview's page in headless Chromium, as test/renderer runs it) with `count`
 * history entries: first paint against 10 entries, and frame times while scrolling.
 */
export async function windowBench(count: number, runs: number): Promise<Measure[]> {
  const browser = await launchChromium();
  try {
    const firstPaint = async (entries: number): Promise<{ paint: number; frames: number[] }> =>
      withHistory(entries, async (url) => {
        const paints: number[] = [];
        let frames: number[] = [];
        for (let i = 0; i < runs + 1; i++) {
          const page = await browser.newPage({ viewport: { width: 980, height: 700 }, locale: 'en-US' });
          try {
            await page.addInitScript(FIRST_ROW_PROBE);
            await page.goto(url);
            const t = Number(await page.evaluate('window.__firstRow'));
            if (i > 0) paints.push(t); // the first load warms the preview's caches and Chromium's
            if (i === runs) frames = (await page.evaluate<unknown[]>(SCROLL_FRAMES)).map(Number);
          } finally {
            await page.close();
          }
        }
        return { paint: median(paints), frames };
      });
    const small = await firstPaint(10);
    const large = await firstPaint(count);
    const frames = [...large.frames].sort((a, b) => a - b);
    const p95 = percentile(frames, 95);
    const worst = frames.at(-1) ?? Number.NaN;
    return [
      againstFloorPlus(`window first paint at ${count} (median of ${runs}; floor: 10 entries)`, large.paint, small.paint, 'ms', 1.3, 30),
      absolute(`window scroll p95 frame at ${count}`, p95, 'ms', '≤ 20 ms', p95 <= 20),
      absolute(`window scroll worst frame at ${count}`, worst, 'ms', '≤ 50 ms', worst <= 50),
    ];
  } finally {
    await browser.close();
  }
}
