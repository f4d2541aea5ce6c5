import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'This layer stays free of VS Code: put the adapter in src/vscode/.' }],
    patterns: [{ group: ['**/vscode/*', '../vscode', './vscode'], message: 'This layer must not depend on the VS Code adapters.' }],
  }],
};

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
  { files: ['test/**/*.ts'], rules: { 'no-console': 'off' } },
);
