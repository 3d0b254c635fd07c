// ESLint flat config: typescript-eslint's type-checked rules, a few stylistic rules the code already follows
// (no reformatting; the line limit is 140), and the layer boundaries from the README:
//   app/      Electron-free core: never imports electron, main/ or renderer/
//   renderer/ reaches app/ only through the bridge contract's types and the shared UI text (app/i18n)
//   no import cycles between files (import-x/no-cycle) nor between folders (local rule below)
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { folderCycles } from './build/eslint/folder-cycles.js';

const tsFiles = ['**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**', 'reports/**', '.stryker-tmp/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: tsFiles,
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@stylistic': stylistic, 'import-x': importX, layers: { rules: { 'no-folder-cycle': folderCycles } } },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'], extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      '@stylistic/max-len': ['error', { code: 140, tabWidth: 2 }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/eol-last': 'error',
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/no-tabs': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 2, maxEOF: 0 }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Unused names are already compile errors (noUnusedLocals/noUnusedParameters); `_name` marks an intended one.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }],
      }],
      // Methods implementing promise-returning ports (Transport.stop, token vault, fakes) are `async` without an `await` on
      // purpose: a throw inside them becomes a rejection, as their callers expect.
      '@typescript-eslint/require-await': 'off',
      // `let x; on('event', () => x?.show()); x = new X()`: a closure reads it before the one assignment.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'layers/no-folder-cycle': 'error',
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^electron(/|$)', message: 'app/ is Electron-free: take the Electron object through a port (app/desktop/ports.ts).' },
          { regex: '(^|/)(main|renderer)/', message: 'app/ never imports main/ or renderer/: they depend on app/, not the reverse.' },
        ],
      }],
      'no-restricted-syntax': ['error', {
        selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
        message: "import * as z from 'zod': the bundled CLI then keeps only the schemas it uses (zod's `z` export holds all of zod).",
      }],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^electron(/|$)', message: 'The window reaches the main process only through the bridge (window.echoTray).' },
          { regex: '(^|/)main/', message: 'The window reaches the main process only through the bridge (window.echoTray).' },
          // app/i18n is allowed: its catalogs are the UI text the window shows, shared with the tray and the OS notifications.
          {
            regex: '(^|/)app/(?!bridge/contract\\.js$|i18n/)',
            message: 'The window imports from app/ only the bridge contract (app/bridge/contract.ts) and the UI text (app/i18n).',
          },
          { regex: '(^|/)app/bridge/contract\\.js$', allowTypeImports: true, message: 'Import the bridge contract with `import type`.' },
        ],
      }],
    },
  },
  {
    files: ['eslint.config.js', 'build/eslint/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { console: 'readonly' } },
  },
);
