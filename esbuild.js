// Bundles the extension (Node, CommonJS) and its pages (browser) into dist/, and writes the import files' JSON Schema.
// `--production` minifies without sourcemaps for the .vsix; `--watch` rebuilds on change and
// prints the begin/end lines that the problem matcher in .vscode/tasks.json waits for.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Reports each build the way the `esbuild-watch` problem matcher reads it. */
const problemMatcherReporter = {
  name: 'problem-matcher-reporter',
  setup(build) {
    build.onStart(() => {
      console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) {
          console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * node-fetch 2 takes `URL` from Node's `url` module and falls back to the `whatwg-url` package
 * only on Node versions older than any VS Code ships. That package brings a 260 KB Unicode table,
 * so the fallback is replaced by Node's own URL.
 */
const nodeUrlInsteadOfWhatwgUrl = {
  name: 'node-url-instead-of-whatwg-url',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: 'whatwg-url', namespace: 'node-url' }));
    build.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({ contents: 'module.exports = { URL: require("url").URL };', loader: 'js' }));
  },
};

/**
 * The command line loads the MCP server (and its SDK, about 800 KB) only for `mcp`: in dist/cli.js
 * its import stays a require of dist/mcp.js, a bundle of its own.
 */
const mcpApart = {
  name: 'mcp-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/mcp$/ }, (args) => (args.importer.endsWith(require('path').join('src', 'cli', 'program.ts')) ? { path: './mcp.js', external: true } : undefined));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: watch ? [problemMatcherReporter] : [],
};

const targets = [
  // The extension in three bundles: the first draws the kept rows and loads the second (the
  // extension), which loads the third (imports as code) on first use.
  ...[['src/bootstrap.ts', 'dist/extension.js'], ['src/extension.ts', 'dist/main.js'], ['src/vscode/importFilesFeature.ts', 'dist/importFiles.js']].map(([entry, outfile]) => ({
    ...common,
    entryPoints: [entry],
    outfile,
    format: 'cjs',
    platform: 'node',
    target: 'node18',
    external: ['vscode'],
    // jsonc-parser's UMD build requires its parts at run time, which a bundle cannot resolve: its ES module build bundles.
    mainFields: ['module', 'main'],
    plugins: [...common.plugins, nodeUrlInsteadOfWhatwgUrl],
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  })),
  // The command line and the GitHub Action: doors of their own for Node, each one file with no
  // dependency to install, and not in the .vsix.
  ...[['src/cli/main.ts', 'dist/cli.js'], ['src/cli/mcp.ts', 'dist/mcp.js'], ['src/action/main.ts', 'dist/action.js']].map(([entry, outfile]) => ({
    ...common,
    entryPoints: [entry],
    outfile,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    banner: { js: '#!/usr/bin/env node' },
    mainFields: ['module', 'main'],
    plugins: [...common.plugins, nodeUrlInsteadOfWhatwgUrl, mcpApart],
    define: { 'process.env.NODE_ENV': '"production"' },
  })),
  ...['runDetails', 'overview', 'health'].map((page) => ({
    ...common,
    entryPoints: [`src/webview/${page}.ts`],
    outfile: `dist/webview/${page}.js`,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  })),
];

/** Mixpanel's official document, from which the import files' JSON Schema is made. */
const WAREHOUSE_OPENAPI = 'test/fixtures/openapi/warehouse-connectors.openapi.HEAD.yaml';
const IMPORT_FILE_SCHEMA = 'dist/schemas/mixpanel-import.schema.json';

/**
 * Writes the JSON Schema that `jsonValidation` gives to `*.mixpanel-import.json` files. The
 * generator is the extension's own TypeScript (src/core/sources/warehouse/importFiles/schema.ts), bundled and run
 * here, so the build and the unit tests make the schema the same way.
 */
async function writeImportFileSchema() {
  const fs = require('fs');
  const yaml = require('js-yaml');
  const built = await esbuild.build({ entryPoints: ['src/core/sources/warehouse/importFiles/schema.ts'], bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'silent' });
  const generator = { exports: {} };
  new Function('module', 'exports', built.outputFiles[0].text)(generator, generator.exports);
  const schema = generator.exports.importFileSchema(yaml.load(fs.readFileSync(WAREHOUSE_OPENAPI, 'utf8')));
  fs.mkdirSync(require('path').dirname(IMPORT_FILE_SCHEMA), { recursive: true });
  fs.writeFileSync(IMPORT_FILE_SCHEMA, `${JSON.stringify(schema, null, production ? 0 : 2)}\n`);
}

async function main() {
  if (production) {
    // Leftover development sourcemaps must not reach the .vsix.
    require('fs').rmSync('dist', { recursive: true, force: true });
  }
  await writeImportFileSchema();
  const contexts = await Promise.all(targets.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  const results = await Promise.allSettled(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  if (results.some((result) => result.status === 'rejected')) {
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
