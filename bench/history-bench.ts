import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from '../app/history/history-store.js';
import type { TrayNotification } from '../app/pipeline/notification.js';
import { absolute, type Measure } from './measures.js';

function entry(i: number): TrayNotification {
  return {
    id: `bench-${i}`,
    channel: `private-todoevent.updated.${i % 7}`,
    event: 'App\\Events\\TodoEventUpdated',
    title: `Todo ${i} updated`,
    body: 'Moved to Done by Bob, with a comment long enough to look like a real one.',
    url: `https://app.acme.test/todos/${i}`,
    receivedAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    urgency: 'normal',
  };
}

export async function historyBench(count: number): Promise<Measure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-history-bench-'));
  const path = join(dir, 'history.jsonl');
  try {
    const store = await HistoryStore.open(path, { cap: count });
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      store.append(entry(i));
      // Let the batched writer run as it would between events.
      if (i % 500 === 499) await new Promise<void>((r) => setImmediate(r));
    }
    await store.flush();
    const appendMs = (performance.now() - t0) / count;
    await store.close();

    // The JS heap plus memory outside it (`external`: the history's typed arrays keep their numbers
    // there), after a full GC and a turn of the event loop that lets freed buffers be let go.
    const held = async (): Promise<number> => {
      global.gc?.();
      await new Promise<void>((r) => setImmediate(r));
      global.gc?.();
      const { heapUsed, external } = process.memoryUsage();
      return heapUsed + external;
    };
    const heldBefore = await held();
    const t1 = performance.now();
    const reopened = await HistoryStore.open(path, { cap: count });
    const page = reopened.list({ limit: 100 });
    const firstPageMs = performance.now() - t1;
    if (page.items[0]?.id !== `bench-${count - 1}`) throw new Error('history bench: the first page is not the newest entries');
    await reopened.ready;
    const loadedMs = performance.now() - t1;
    const heldMb = ((await held()) - heldBefore) / 1024 / 1024;
    await reopened.close();
    return [
      absolute(`history append at ${count} (amortized, written)`, appendMs, 'ms', '< 0.05 ms', appendMs < 0.05),
      absolute(`history first page after restart at ${count}`, firstPageMs, 'ms', '≤ 50 ms', firstPageMs <= 50),
      absolute(`history full load at ${count}`, loadedMs, 'ms', 'background (info)', true),
      absolute(`history memory held at ${count}`, heldMb, 'MB', '≤ 25 MB', heldMb <= 25),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
