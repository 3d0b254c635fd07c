import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { ProcessHandle } from '../../../app/demo/servers/process-handle.js';
import { launchChromium, watchPage } from '../../renderer/support/browser.js';

const DEMO_CLI = fileURLToPath(new URL('../../../app/demo/demo-cli.js', import.meta.url));
const SEE_EVENTS_MS = 20_000;

/** Every live descendant of `root`, from /proc (the demo's servers and anything they started). */
async function descendants(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[1] !== undefined) parents.set(Number(name), Number(fields[1]));
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

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

test('npm run demo serves the window with sample events, never the other user\'s, and SIGINT leaves no process and no temp file', async () => {
  // Its own TMPDIR: every temp file the demo (and the servers it starts) makes lands there.
  const demoTmp = await mkdtemp(join(tmp, 'tmp-'));
  const demo = ProcessHandle.spawn({
    name: 'npm run demo',
    command: process.execPath,
    args: [DEMO_CLI, '--interval', '250'],
    env: { ...process.env, TMPDIR: demoTmp, NODE_TEST_CONTEXT: '', NODE_OPTIONS: '' },
    maxLines: 2_000,
  });
  try {
    const addressLine = await demo.waitForOutput(/^echo-tray demo: open http:\/\/127\.0\.0\.1:\d+\/\S+$/, 60_000);
    const url = addressLine.slice('echo-tray demo: open '.length);
    const serverLine = await demo.waitForOutput(/redis-server pid \d+ .* laravel-echo-server pid \d+/);
    const serverPids = [...serverLine.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    assert.equal(serverPids.length, 2);
    const pid = demo.pid;
    assert.ok(pid !== undefined);
    const children = await descendants(pid);
    for (const serverPid of serverPids) assert.ok(children.includes(serverPid), `${serverPid} is a child of the demo (${children.join(', ')})`);
    assert.notEqual((await readdir(demoTmp)).length, 0, 'the demo keeps its profile and server data in a temp dir');

    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(url);
    const row = (title: string) => page.locator('[role="option"] .row-title', { hasText: title }).first();
    await row('To-do').waitFor({ timeout: SEE_EVENTS_MS });
    await row('Invoice paid').waitFor({ timeout: SEE_EVENTS_MS });
    await row('New poster in the staff room').waitFor({ timeout: SEE_EVENTS_MS });
    assert.deepEqual(watch.errors, []);

    // The other user's update is published (and reaches the relay) but is never shown.
    const otherLine = await demo.waitForOutput(/published a to-do update for ANOTHER user/, SEE_EVENTS_MS);
    const mark = demo.lineCount();
    await demo.waitForOutput(/^echo-tray: demo: published /, SEE_EVENTS_MS, { since: mark });
    assert.ok(otherLine);
    assert.deepEqual(demo.output().filter((l) => l.includes('todoevent.updated.1002')), []);
    assert.ok(demo.output().some((l) => /^notification: Invoice paid .*\[private-App\.Models\.User\.1001\]$/.test(l)), 'the terminal prints the notifications');
    await page.close();

    demo.child.kill('SIGINT');
    const exit = await demo.waitForExit(30_000);
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, demo.describe());
    assert.deepEqual(children.filter(alive), [], 'every process the demo started is gone');
    assert.deepEqual(await readdir(demoTmp), [], 'no temp file is left');
    await demo.waitForOutput(/demo stopped/);
  } finally {
    await demo.kill9();
  }
});
