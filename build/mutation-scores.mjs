/**
 * Mutation score per folder (and per file with --files) from Stryker's JSON report, the way Stryker counts it:
 * (killed + timeout) / (killed + timeout + survived + no coverage). Ignored, compile and runtime errors do not count.
 * --survivors lists every surviving and uncovered mutant as file:line  mutator  original → replacement.
 * --tests lists each test file with the mutants it covers and kills (a file covering many but killing few
 * mostly adds run time: every surviving mutant it covers runs it).
 *
 *   node build/mutation-scores.mjs [--files] [--survivors] [--tests] [reports/mutation/mutation.json]
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const reportPath = args.find((arg) => !arg.startsWith('--')) ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const FOLDERS = ['main/', 'app/desktop/', 'app/bridge/', 'app/transport/'];

const tally = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0 });
const KEY_BY_STATUS = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage' };
const byFolder = new Map(FOLDERS.map((folder) => [folder, tally()]));
const byFile = new Map();
const survivors = [];

for (const [fileName, file] of Object.entries(report.files)) {
  const folder = FOLDERS.find((candidate) => fileName.startsWith(candidate)) ?? fileName.replace(/[^/]*$/, '');
  if (!byFolder.has(folder)) byFolder.set(folder, tally());
  const fileTally = tally();
  byFile.set(fileName, fileTally);
  const lines = file.source.split('\n');
  for (const mutant of file.mutants) {
    const key = KEY_BY_STATUS[mutant.status];
    if (key === undefined) continue;
    byFolder.get(folder)[key] += 1;
    fileTally[key] += 1;
    if (key === 'survived' || key === 'noCoverage') {
      const { start, end } = mutant.location;
      const original = start.line === end.line
        ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
        : `${lines[start.line - 1].slice(start.column - 1)}…`;
      survivors.push(`${fileName}:${start.line}:${start.column}  ${mutant.status}  ${mutant.mutatorName}  `
        + `${original.trim().slice(0, 70)} → ${(mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 70)}`);
    }
  }
}

const line = (name, t) => {
  const detected = t.killed + t.timeout;
  const total = detected + t.survived + t.noCoverage;
  const score = total === 0 ? 'n/a' : `${(100 * detected / total).toFixed(1)} %`;
  return `${name.padEnd(48)} ${score.padStart(7)}  ${String(total).padStart(5)} mutants: `
    + `${t.killed} killed, ${t.timeout} timeout, ${t.survived} survived, ${t.noCoverage} no coverage`;
};

for (const [folder, t] of byFolder) console.log(line(folder, t));
const all = [...byFolder.values()].reduce((sum, t) => {
  for (const key of Object.keys(sum)) sum[key] += t[key];
  return sum;
}, tally());
console.log(line('all', all));
if (args.includes('--files')) {
  console.log('');
  for (const [fileName, t] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) console.log(line(fileName, t));
}
if (args.includes('--survivors')) {
  console.log('');
  for (const survivor of survivors) console.log(survivor);
}
if (args.includes('--tests')) {
  const names = new Map();
  for (const [fileName, testFile] of Object.entries(report.testFiles ?? {})) {
    for (const test of testFile.tests) names.set(test.id, fileName || test.name);
  }
  const perTest = new Map();
  const row = (id) => {
    const name = names.get(id) ?? id;
    if (!perTest.has(name)) perTest.set(name, { covered: 0, killed: 0 });
    return perTest.get(name);
  };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      for (const id of mutant.coveredBy ?? []) row(id).covered += 1;
      for (const id of mutant.killedBy ?? []) row(id).killed += 1;
    }
  }
  console.log('');
  for (const [name, t] of [...perTest].sort(([, a], [, b]) => b.covered - a.covered)) {
    console.log(`${name.padEnd(60)} covers ${String(t.covered).padStart(5)}, first to kill ${String(t.killed).padStart(5)}`);
  }
}
