// ESLint rule `layers/no-folder-cycle`: an import from folder A into folder B is an error when B already reaches A
// through other imports. import-x/no-cycle sees cycles between files; this one sees them between folders
// (e.g. profile imports pipeline while pipeline imports profile through different files).
// A folder and its subfolders count as one unit (renderer/ composes renderer/views/, whose views use renderer/dom.ts).
// Plain JavaScript so that eslint.config.js can load it before the TypeScript build.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE_ROOTS = ['app', 'main', 'renderer', 'test', 'bench', 'build'];

/** @type {Map<string, Map<string, Set<string>>>} folder graph per project root, built once per ESLint run */
const graphs = new Map();

const within = (dir, outer) => dir === outer || dir.startsWith(outer + path.sep);
/** Imports between a folder and its own subfolders stay inside one unit: not an edge between folders. */
const sameUnit = (a, b) => within(a, b) || within(b, a);

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}

function relativeTargets(file, text) {
  return ts.preProcessFile(text, true, true).importedFiles
    .map((ref) => ref.fileName)
    .filter((spec) => spec.startsWith('./') || spec.startsWith('../'))
    .map((spec) => path.dirname(path.resolve(path.dirname(file), spec)));
}

function folderGraph(root) {
  let graph = graphs.get(root);
  if (graph) return graph;
  graph = new Map();
  for (const top of SOURCE_ROOTS) {
    const dir = path.join(root, top);
    if (!fs.existsSync(dir)) continue;
    for (const file of sourceFiles(dir)) {
      const from = path.dirname(file);
      const edges = graph.get(from) ?? new Set();
      graph.set(from, edges);
      for (const to of relativeTargets(file, fs.readFileSync(file, 'utf8'))) if (!sameUnit(from, to)) edges.add(to);
    }
  }
  graphs.set(root, graph);
  return graph;
}

/** Shortest folder path from `start` to `goal`, or undefined. */
function pathBetween(graph, start, goal) {
  const previous = new Map([[start, start]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === goal) {
      const trail = [at];
      while (trail[0] !== start) trail.unshift(previous.get(trail[0]));
      return trail;
    }
    for (const next of graph.get(at) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const folderCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between folders' },
    schema: [],
    messages: { cycle: 'Import cycle between folders: {{trail}}. Move the shared piece to a folder both can import.' },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = path.dirname(file);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !(spec.startsWith('./') || spec.startsWith('../'))) return;
      const to = path.dirname(path.resolve(from, spec));
      if (sameUnit(from, to)) return;
      const back = pathBetween(folderGraph(root), to, from);
      if (back) {
        const trail = [from, ...back].map((dir) => path.relative(root, dir) || '.').join(' → ');
        context.report({ node: node.source, messageId: 'cycle', data: { trail } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
