import tseslint from 'typescript-eslint';

const NO_VSCODE_PATH = { name: 'vscode', message: 'This layer stays free of VS Code: put the adapter in src/vscode/.' };
const NO_ADAPTERS = { group: ['**/vscode/*', '../vscode', './vscode'], message: 'This layer must not depend on the VS Code adapters.' };

const NO_DOORS = { group: ['**/cli', '**/cli/*', '**/action', '**/action/*'], message: 'Core, the client and the shared protocol are below every door: a door (src/cli, src/action, src/vscode) imports them, never the other way.' };

const NO_AGENTS = { group: ['**/agents', '**/agents/*'], message: 'The agent tools sit on top of core: doors register them; nothing in core, the client or the pages imports them.' };

/** Free of VS Code, of every door and of the agent tools on top of core, and of whatever else `patterns` names. */
function layer(...patterns) {
  return { 'no-restricted-imports': ['error', { paths: [NO_VSCODE_PATH], patterns: [NO_ADAPTERS, NO_DOORS, NO_AGENTS, ...patterns] }] };
}

/** A door beside the editor, or the agent tools: free of VS Code and the other doors, and may use the tools. */
function doorLayer(...patterns) {
  return { 'no-restricted-imports': ['error', { paths: [NO_VSCODE_PATH], patterns: [NO_ADAPTERS, NO_DOORS, ...patterns] }] };
}

const noVscode = layer();

// The rooms of core, from the bottom, each importing only from below it:
// - storage (a lock file) and model (the words every room uses: sources, entries, events, clock,
//   log records) know no other room;
// - text (numbers, times, run states and API errors as words) knows the model;
// - the engine (the refresh loop and its snapshot) knows the model and no kind;
// - account (host consent, region detection, sign-out) knows the engine's session, and nothing of
//   what it clears but the ports it is handed;
// - health (judging, the monitor, the run history and its keeper, its words and the announcer) sits
//   on the engine and the text;
// - settings (the policy for what a workspace may set) on the engine and health;
// - each kind's folder in sources knows all of that but no other kind and nothing shown from it;
// - the presentation looks kinds up in the table of sources/index.ts and acts on nothing;
// - the agent tools (core/agents) sit on all of it, and only the doors import them.
// A kind's folder is any folder in core/sources: matched by a pattern, so a new kind is kept apart
// without a list to remember.
const ROOMS = {
  storage: ['**/storage', '**/storage/*'],
  model: ['**/model', '**/model/*'],
  text: ['**/text', '**/text/*'],
  engine: ['**/engine', '**/engine/*'],
  account: ['**/account', '**/account/*'],
  health: ['**/health', '**/health/*'],
  settings: ['**/settings', '**/settings/*'],
  sources: ['**/sources', '**/sources/**'],
  presentation: ['**/presentation', '**/presentation/*'],
};
const KIND_MODULES = ['**/sources/*/**'];
/** A room may not import from the rooms named: they are above it, or beside it. */
function above(room, ...rooms) {
  return { group: rooms.flatMap((name) => ROOMS[name]), message: `${room} may not import from ${rooms.join(', ')}: they are built on it or beside it.` };
}
const storageRules = layer({ group: ['../*', '../**'], message: 'The file lock is a tool with no knowledge of the rest.' });
const modelRules = layer(above('The model', 'storage', 'text', 'engine', 'account', 'health', 'settings', 'sources', 'presentation'));
const textRules = layer(above('The words every kind shares', 'storage', 'engine', 'account', 'health', 'settings', 'sources', 'presentation'));
const engineRules = layer(
  { group: [...ROOMS.presentation, ...ROOMS.text], message: 'The engine writes no sentence and shows nothing: return data, and word it in core/presentation.' },
  { group: ROOMS.sources, message: 'The engine knows no kind of source: the composition root hands it the readers (core/model/source.ts).' },
  above('The engine', 'account', 'health', 'settings'),
);
const accountRules = layer(above('Account', 'storage', 'health', 'settings', 'sources', 'presentation'));
const healthRules = layer(
  { group: ROOMS.sources, message: 'Health knows no kind of source: each kind opts in with its facts (SourceHealth), handed over by the composition root.' },
  above('Health', 'account', 'settings', 'presentation'),
);
const settingsRules = layer(above('The settings policy', 'sources', 'presentation', 'account'));
// Relative to a file in a kind's folder, another kind is a sibling folder ('../other/…'), and one
// more level up from a folder within it; the interface (kind.ts) is shared by all.
const kindRules = (up) => layer(
  { group: ROOMS.presentation, message: 'A kind of source knows the engine and the text, not what is built on it.' },
  { regex: `^${up.slice(0, -1).replaceAll('.', '\\.')}(/(?!kind$|\\.\\.)[^/]+.*)?$`, message: 'A kind of source does not know the other kinds: what they share goes in kind.ts or the engine.' },
);
const presentationRules = layer(
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
  { files: ['src/mixpanel/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: ['vscode'], patterns: [{ group: ['**/core/*', '**/vscode/*'], message: 'The Mixpanel client knows only Mixpanel.' }, NO_DOORS] }] } },
  // The doors beside the editor: the command line wires core and shows; the GitHub Action wires the
  // command line. Neither knows VS Code; the editor's adapters know neither.
  { files: ['src/cli/**/*.ts'], rules: doorLayer({ group: ['**/webview', '**/webview/*'], message: 'The command line shows in a terminal: it does not know the webview pages.' }) },
  { files: ['src/action/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE_PATH], patterns: [NO_ADAPTERS, { group: ['**/core/*', '**/core/**', '**/mixpanel/*'], message: 'The GitHub Action runs the command line: what it does is the command line\'s, not a copy over core.' }] }] } },
  { files: ['src/vscode/**/*.ts', 'src/extension.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: NO_DOORS.group, message: 'The editor does not run the other doors: what they share is in core.' }] }] } },
  { files: ['src/core/storage/**/*.ts'], rules: storageRules },
  { files: ['src/core/model/**/*.ts'], rules: modelRules },
  { files: ['src/core/text/**/*.ts'], rules: textRules },
  { files: ['src/core/engine/**/*.ts'], rules: engineRules },
  { files: ['src/core/account/**/*.ts'], rules: accountRules },
  { files: ['src/core/health/**/*.ts'], rules: healthRules },
  { files: ['src/core/settings/**/*.ts'], rules: settingsRules },
  { files: ['src/core/sources/*/*.ts'], rules: kindRules('../') },
  { files: ['src/core/sources/*/*/**/*.ts'], rules: kindRules('../../') },
  { files: ['src/core/presentation/**/*.ts'], rules: presentationRules },
  { files: ['src/core/agents/**/*.ts'], rules: doorLayer({ group: ['**/webview', '**/webview/*'], message: 'The agent tools answer in JSON: they do not know the webview pages.' }) },
  { files: ['test/**/*.ts'], rules: { 'no-console': 'off' } },
);
