// `npm run build` links the headless CLI into one file: dist/bundle/cli/echo-tray.js (package.json's
// `bin`). Bundled, zod is tree-shaken to the schemas we use. Loaded as modules, every import of zod
// loads all of it, every locale included: 95 modules and 3 MB of heap. The bundle also loads ~60
// fewer modules of ours. Measured with `npm run bench`: idle RSS about 60 → 57 MB, and start-up to
// subscribed about 185 → 135 ms.
// Whitespace and comments are dropped (names stay, for stack traces; the linked map gives lines):
// two comments with a dash and an ellipsis made V8 hold the whole source as a two-byte string,
// 912 KB of heap for a 467 KB file; now 334 KB, ASCII, held in 0.6 MB.
// The other dependencies stay external: they load their optional parts lazily, as the core does
// its transports' client libraries. The bundle sits three folders deep, as dist/app/cli/ does, so
// paths relative to it (package.json for --version) read the same.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const BUNDLED = new Set(['zod']);

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: ['app/cli/echo-tray.ts'],
  outfile: pkg.bin['echo-tray'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name)),
  sourcemap: 'linked',
  minifyWhitespace: true,
  logLevel: 'warning',
});
