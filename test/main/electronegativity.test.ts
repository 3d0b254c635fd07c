import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cspFindings, ELECTRON_VERSION, formatFinding, isBlocking, scanDesktop, type ScanReport } from '../../build/scan-electron.js';

const dist = fileURLToPath(new URL('../../', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

async function jsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await jsFiles(full)));
    else if (/\.(c?js)$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe('Electronegativity on the built main process and preload', () => {
  let report: ScanReport;
  before(async () => {
    report = await scanDesktop({
      mainDir: join(dist, 'main'),
      preloadFile: join(dist, 'preload', 'preload.cjs'),
      packageJson: join(root, 'package.json'),
    });
  });

  it('checks against the pinned Electron version', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    assert.equal(ELECTRON_VERSION, pkg.devDependencies.electron);
  });

  it('scans main and the preload together, and parses every file', () => {
    assert.ok(report.files.includes('main/main.js'));
    assert.ok(report.files.includes('main/window-manager.js'));
    assert.ok(report.files.includes('preload/preload.js'), 'the .cjs bundle is scanned (the tool skips .cjs names)');
    assert.ok(report.checks >= 30, `${report.checks} checks`);
    assert.deepEqual(report.errors, []);
  });

  it('finds nothing of medium severity or above', () => {
    assert.deepEqual(report.findings.filter(isBlocking).map(formatFinding), []);
  });

  it('only the two reviewed call sites carry an eng-disable annotation', async () => {
    const annotated: string[] = [];
    for (const file of [...(await jsFiles(join(dist, 'main'))), join(dist, 'preload', 'preload.cjs')]) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/eng-disable[ \t]+([\w \t]+)/g)) annotated.push(`${file.slice(dist.length)} ${m[1]?.trim()}`);
    }
    assert.deepEqual(annotated.sort(), ['main/external-opener.js OPEN_EXTERNAL_JS_CHECK', 'main/window-manager.js PRELOAD_JS_CHECK']);
  });

  it('the CSP the app:// handler sends has no definite weakness (csp-evaluator, CSP3)', () => {
    assert.deepEqual(cspFindings().filter((f) => f.blocking), []);
    assert.ok(
      cspFindings("default-src 'self'; script-src 'unsafe-inline' *").some((f) => f.blocking),
      'the evaluator does flag a weak policy',
    );
  });
});

describe('the Electronegativity gate catches an insecure window', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-insecure-'));
    await writeFile(
      join(dir, 'main.js'),
      [
        "const { BrowserWindow } = require('electron');",
        'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: '
          + 'false } });',
        "win.loadURL('http://example.com/');",
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, 'preload.cjs'), 'window.x = 1;\n');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports blocking findings', async () => {
    const insecure = await scanDesktop({ mainDir: dir, preloadFile: join(dir, 'preload.cjs'), packageJson: join(root, 'package.json') });
    const ids = new Set(insecure.findings.filter(isBlocking).map((f) => f.id));
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK']) {
      assert.ok(ids.has(id), `${id} in ${[...ids].join(', ')}`);
    }
  });
});
