/**
 * Electronegativity over the built main process and preload, as one app. The tool always exits 0,
 * so this gates on its findings: any of MEDIUM severity or above fails.
 * `node dist/build/scan-electron.js` (run by `npm run lint:electron` and by the tests).
 *
 * Two global checks are replaced, not skipped:
 * - AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's release list (no network here);
 *   the pinned version is a deliberate choice documented in the README.
 * - CSP_GLOBAL_CHECK only sees a CSP in HTML or in webRequest header code; ours is a response
 *   header of the app:// protocol handler. The same evaluator it uses (csp-evaluator, CSP3)
 *   checks CONTENT_SECURITY_POLICY below instead.
 */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../app/desktop/content-security-policy.js';

export const ELECTRON_VERSION = '45.4.1';
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck', 'CSPGlobalCheck'];

export interface Finding {
  readonly id: string;
  readonly severity: string;
  readonly confidence: string;
  readonly file: string;
  readonly line: number;
  readonly description: string;
  readonly manualReview: boolean;
}

export interface ScanReport {
  /** The files scanned, relative to the staging folder. */
  readonly files: readonly string[];
  readonly checks: number;
  readonly findings: readonly Finding[];
  /** Files the scanner could not parse (nothing was checked there). */
  readonly errors: readonly { readonly file: string; readonly message: string }[];
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

export function isBlocking(finding: Finding): boolean {
  return (SEVERITY_RANK[finding.severity] ?? 3) >= SEVERITY_RANK.MEDIUM!;
}

type Runner = (
  options: Record<string, unknown>,
  forCli?: boolean,
) => Promise<{ globalChecks: number; atomicChecks: number; errors: { file: string; message: string }[]; issues: unknown[] }>;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function toFinding(issue: unknown, root: string): Finding {
  const i = (issue ?? {}) as Record<string, unknown>;
  const named = (v: unknown): string => text((v as { name?: unknown } | undefined)?.name);
  const location = (i.location ?? {}) as { line?: unknown };
  const file = text(i.file);
  return {
    id: text(i.id),
    severity: named(i.severity),
    confidence: named(i.confidence),
    file: file.startsWith(root) ? relative(root, file) : file,
    line: typeof location.line === 'number' ? location.line : 0,
    description: text(i.description),
    manualReview: i.manualReview === true,
  };
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(relative(base, full));
  }
  return out.sort();
}

export interface ScanInputs {
  /** tsc output of main/ (dist/main). */
  readonly mainDir: string;
  /** The bundled preload (dist/preload/preload.cjs). */
  readonly preloadFile: string;
  /** package.json: its scripts and Electron version are checked too. */
  readonly packageJson: string;
}

/**
 * Copies main, preload and package.json into one folder (the scanner skips `.cjs` files, so the
 * preload is scanned as preload.js) and runs every check on it for our Electron version.
 */
export async function scanDesktop(inputs: ScanInputs): Promise<ScanReport> {
  const stage = await mkdtemp(join(tmpdir(), 'echo-tray-scan-'));
  try {
    await cp(inputs.mainDir, join(stage, 'main'), { recursive: true, filter: (src) => !src.endsWith('.map') });
    await cp(inputs.preloadFile, join(stage, 'preload', 'preload.js'));
    await cp(inputs.packageJson, join(stage, 'package.json'));
    const require = createRequire(import.meta.url);
    const run = require('@doyensec/electronegativity') as Runner;
    const result = await run(
      { input: stage, electronVersionOverride: ELECTRON_VERSION, excludeFromScan: EXCLUDED_CHECKS, isRelative: false, parserPlugins: [] },
      false,
    );
    return {
      files: await listFiles(stage),
      checks: result.globalChecks + result.atomicChecks,
      findings: result.issues.map((issue) => toFinding(issue, stage)),
      errors: result.errors.map((e) => ({ file: e.file.startsWith(stage) ? relative(stage, e.file) : e.file, message: e.message })),
    };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

export interface CspFinding {
  readonly directive: string;
  readonly description: string;
  /** csp-evaluator says HIGH or MEDIUM (its MAYBE variants are notes: they depend on what is hosted). */
  readonly blocking: boolean;
}

/** csp-evaluator (CSP3), the evaluator CSP_GLOBAL_CHECK uses, on our policy. */
export function cspFindings(policy: string = CONTENT_SECURITY_POLICY): CspFinding[] {
  const require = createRequire(import.meta.url);
  const csp = require('@doyensec/csp-evaluator') as {
    CspParser: new (text: string) => { csp: unknown };
    CspEvaluator: new (parsed: unknown, version: unknown) => { evaluate(): { directive: string; description: string; severity: number }[] };
    Version: { CSP3: unknown };
    severities: Record<string, number>;
  };
  const definite = [csp.severities.HIGH, csp.severities.MEDIUM];
  const maybe = [csp.severities.HIGH_MAYBE, csp.severities.MEDIUM_MAYBE];
  return new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3)
    .evaluate()
    .filter((f) => definite.includes(f.severity) || maybe.includes(f.severity))
    .map((f) => ({ directive: f.directive, description: f.description, blocking: definite.includes(f.severity) }));
}

export function formatFinding(f: Finding): string {
  return `${f.severity} ${f.id} (${f.confidence}${f.manualReview ? ', review' : ''}) ${f.file}:${f.line}: ${f.description}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const report = await scanDesktop({ mainDir: 'dist/main', preloadFile: 'dist/preload/preload.cjs', packageJson: 'package.json' });
  process.stdout.write(
    `electronegativity ${ELECTRON_VERSION}: ${report.checks} checks over ${report.files.length} files, ${report.findings.length} `
      + `finding(s)\n`,
  );
  for (const f of report.findings) process.stdout.write(`  ${isBlocking(f) ? 'FAIL' : 'note'} ${formatFinding(f)}\n`);
  for (const e of report.errors) process.stdout.write(`  FAIL could not parse ${e.file}: ${e.message}\n`);
  const csp = cspFindings();
  for (const c of csp) process.stdout.write(`  ${c.blocking ? 'FAIL' : 'note'} CSP ${c.directive}: ${c.description}\n`);
  process.exit(report.findings.some(isBlocking) || report.errors.length > 0 || csp.some((c) => c.blocking) ? 1 : 0);
}
