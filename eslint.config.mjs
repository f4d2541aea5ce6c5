import tseslint from 'typescript-eslint';

const NO_VSCODE_PATH = { name: 'vscode', message: 'This layer stays free of VS Code: put the adapter in src/vscode/.' };
const NO_ADAPTERS = { group: ['**/vscode/*', '../vscode', './vscode'], message: 'This layer must not depend on the VS Code adapters.' };

/** Free of VS Code, and of whatever else `patterns` names. */
function layer(...patterns) {
  return { 'no-restricted-imports': ['error', { paths: [NO_VSCODE_PATH], patterns: [NO_ADAPTERS, ...patterns] }] };
}

const noVscode = layer();

// The sub-layers of core, from the bottom: the engine (session, refresh, polling, store) knows no
// kind of source and writes no sentence; the text of runs and numbers knows no kind either; each
// kind's module knows the engine and the text but no other kind and nothing shown from it; the
// presentation looks kinds up in the table of sources/index.ts; the actions sit on top.
// A kind's module is any file in core/sources but the table (index.ts) and the interface (kind.ts):
// matched by a pattern, so a new kind is kept apart without a list to remember.
const KIND_MODULES = ['**/sources/*', '!**/sources/index', '!**/sources/kind'];
const engineRules = layer(
  { group: ['**/presentation', '**/presentation/*', '**/actions', '**/actions/*', '**/text/*'], message: 'The engine writes no sentence and shows nothing: return data, and word it in core/presentation.' },
  { group: ['**/sources', '**/sources/*'], message: 'The engine knows no kind of source: the composition root hands it the fetchers (core/engine/source.ts).' },
);
const textRules = layer(
  { group: ['**/presentation/*', '**/actions/*', '**/sources', '**/sources/*'], message: 'The words every kind shares know no kind and no view.' },
);
const kindRules = layer(
  { group: ['**/presentation/*', '**/actions/*'], message: 'A kind of source knows the engine and the text, not what is built on it.' },
  { group: ['./*', '!./kind'], message: 'A kind of source does not know the other kinds: what they share goes in kind.ts or the engine.' },
);
// Import files are warehouse imports written down: their schema, rules and plan know the client's
// types and nothing built on the sources, so the actions and a test hold them as data.
const importFileRules = layer(
  { group: ['**/presentation', '**/presentation/*', '**/actions', '**/actions/*', '**/sources', '**/sources/*', '**/engine/*'], message: 'An import file is data and rules: act on it and word its plan in core/actions.' },
);
const presentationRules = layer(
  { group: ['**/actions/*'], message: 'The presentation does not act.' },
  { group: KIND_MODULES, message: 'Look a kind up in SOURCE_KINDS (core/sources/index.ts), so that a new kind makes the compiler name this place.' },
);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'esbuild.js', 'eslint.config.mjs', 'test/bench/control-extension/**'] },
  ...tseslint.configs.recommended,
  {
    // Type-aware rules: a promise is awaited, handled, or explicitly let go with `void`.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      curly: 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  // The Mixpanel client, the domain and the shared protocol are plain Node: tested without VS Code.
  { files: ['src/mixpanel/**/*.ts', 'src/core/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'], rules: noVscode },
  { files: ['src/mixpanel/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: ['**/core/*', '**/vscode/*'] }] } },
  { files: ['src/core/engine/**/*.ts'], rules: engineRules },
  { files: ['src/core/text/**/*.ts'], rules: textRules },
  { files: ['src/core/sources/*.ts'], ignores: ['src/core/sources/index.ts', 'src/core/sources/kind.ts'], rules: kindRules },
  { files: ['src/core/presentation/**/*.ts'], rules: presentationRules },
  { files: ['src/core/importFiles/**/*.ts'], rules: importFileRules },
  { files: ['test/**/*.ts'], rules: { 'no-console': 'off' } },
);
