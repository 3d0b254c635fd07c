import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { ProcessHandle } from '../../../app/demo/servers/process-handle.js';
import { launchChromium, watchPage } from '../../renderer/support/browser.js';
import { alive, descendants, processesMentioning } from '../../support/process-tree.js';

const DEMO_CLI = fileURLToPath(new URL('../../../app/demo/demo-cli.js', import.meta.url));
const SEE_EVENTS_MS = 20_000;
const ADDRESS = /^echo-tray demo: open (http:\/\/127\.0\.0\.1:\d+\/\S+)$/;

let browser: Browser;
let tmp: string;

before(async () => {
  browser = await launchChromium();
  tmp = await mkdtemp(join(tmpdir(), 'echo-tray-demo-test-'));
});

after(async () => {
  await browser.close();
  await rm(tmp, { recursive: true, force: true });
});

interface RunningDemo {
  readonly demo: ProcessHandle;
  /** The demo's TMPDIR: every temp file it (and the servers it starts) makes lands there. */
  readonly tmp: string;
}

/** `node dist/app/demo/demo-cli.js`, as `npm run demo` runs it after the build. */
async function spawnDemo(args: readonly string[] = ['--interval', '250']): Promise<RunningDemo> {
  const demoTmp = await mkdtemp(join(tmp, 'tmp-'));
  const demo = ProcessHandle.spawn({
    name: 'npm run demo',
    command: process.execPath,
    args: [DEMO_CLI, ...args],
    env: { ...process.env, TMPDIR: demoTmp, NODE_TEST_CONTEXT: '', NODE_OPTIONS: '' },
    maxLines: 2_000,
  });
  return { demo, tmp: demoTmp };
}

/** Sends `signal`, then: a clean exit, none of `children` alive, no process using its temp dir, no temp file. */
async function stopAndCheck({ demo, tmp: demoTmp }: RunningDemo, signal: NodeJS.Signals, children: readonly number[]): Promise<void> {
  demo.child.kill(signal);
  const exit = await demo.waitForExit(30_000);
  assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, demo.describe());
  assert.deepEqual(children.filter(alive), [], 'every process the demo started is gone');
  assert.deepEqual(await processesMentioning(demoTmp), [], 'no process is left working in the demo\'s temp dir');
  assert.deepEqual(await readdir(demoTmp), [], 'no temp file is left');
}

async function serverPids(demo: ProcessHandle): Promise<number[]> {
  const line = await demo.waitForOutput(/redis-server pid \d+ .* laravel-echo-server pid \d+/, 60_000);
  return [...line.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
}

describe('npm run demo', () => {
  it('serves the window with sample events, never the other user\'s, and SIGINT leaves no process and no temp file', async (t) => {
    const run = await spawnDemo();
    const { demo } = run;
    t.after(async () => {
      await demo.kill9();
    });
    const url = ADDRESS.exec(await demo.waitForOutput(ADDRESS, 60_000))?.[1] ?? '';
    const servers = await serverPids(demo);
    assert.equal(servers.length, 2);
    const children = await descendants(demo.pid ?? -1);
    for (const pid of servers) assert.ok(children.includes(pid), `${pid} is a child of the demo (${children.join(', ')})`);
    assert.notEqual((await readdir(run.tmp)).length, 0, 'the demo keeps its profile and server data in a temp dir');

    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(url);
    const row = (title: string) => page.locator('[role="option"] .row-title', { hasText: title }).first();
    await row('To-do').waitFor({ timeout: SEE_EVENTS_MS });
    await row('Invoice paid').waitFor({ timeout: SEE_EVENTS_MS });
    await row('New poster in the staff room').waitFor({ timeout: SEE_EVENTS_MS });
    assert.deepEqual(watch.errors, []);
    await page.close();

    // The other user's update is published, then another sample: it never became a notification.
    await demo.waitForOutput(/published a to-do update for ANOTHER user/, SEE_EVENTS_MS);
    await demo.waitForOutput(/^echo-tray: demo: published /, SEE_EVENTS_MS, { since: demo.lineCount() });
    assert.deepEqual(demo.output().filter((l) => l.includes('todoevent.updated.1002')), []);
    const printed = demo.output().filter((l) => /^notification: Invoice paid .*\[private-App\.Models\.User\.1001\]$/.test(l));
    assert.notEqual(printed.length, 0, 'the terminal prints the notifications');

    await stopAndCheck(run, 'SIGINT', children);
    await demo.waitForOutput(/demo stopped/);
  });

  it('a bad interval is the user\'s to fix: a clear message, exit 2, nothing started', async () => {
    const run = await spawnDemo(['--interval', 'soon']);
    const exit = await run.demo.waitForExit(30_000);
    assert.equal(exit.code, 2, run.demo.describe());
    const refusal = 'echo-tray: the demo interval must be a whole number of milliseconds from 50 to 3600000, got "soon"';
    assert.ok(run.demo.output().includes(refusal));
    assert.deepEqual(await readdir(run.tmp), []);
  });

  it('SIGTERM stops it the same way', async (t) => {
    const run = await spawnDemo();
    t.after(async () => {
      await run.demo.kill9();
    });
    await run.demo.waitForOutput(/^notification: /, SEE_EVENTS_MS + 40_000);
    const children = await descendants(run.demo.pid ?? -1);
    assert.ok(children.length >= 2, `its servers run: ${children.join(', ')}`);
    await stopAndCheck(run, 'SIGTERM', children);
  });

  it('Ctrl+C while it is still starting leaves nothing behind either', async (t) => {
    const run = await spawnDemo();
    t.after(async () => {
      await run.demo.kill9();
    });
    await run.demo.waitForOutput(/demo: starting redis-server/, 60_000);
    await stopAndCheck(run, 'SIGINT', await descendants(run.demo.pid ?? -1));
  });
});
