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

export const CODE_SERVER_VERSION = '4.100.3';
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
export const ARTIFACTS_FOLDER = path.join(PROJECT_ROOT, 'test-results');
const INSTALL_FOLDER = path.join(CACHE_FOLDER, `code-server-${CODE_SERVER_VERSION}`);
const ENTRY = path.join(INSTALL_FOLDER, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

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
export function ensureCodeServer(): string {
  if (fs.existsSync(ENTRY)) {
    return ENTRY;
  }
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(PROJECT_ROOT, INSTALL_FOLDER)} (about a minute)…`);
  seedRipgrepCache();
  fs.rmSync(INSTALL_FOLDER, { recursive: true, force: true });
  fs.mkdirSync(INSTALL_FOLDER, { recursive: true });
  fs.writeFileSync(path.join(INSTALL_FOLDER, 'package.json'), JSON.stringify({ private: true, name: 'code-server-for-tests' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: INSTALL_FOLDER,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      // As root, the postinstall refuses to run without unsafe-perm; it fetches node-gyp with npx.
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
    },
  });
  if (!fs.existsSync(ENTRY)) {
    throw new Error('code-server did not install completely');
  }
  return ENTRY;
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
  const entry = ensureCodeServer();
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
    execFileSync(process.execPath, [entry, ...common, '--install-extension', vsix], { stdio: options.quiet ? 'ignore' : 'inherit' });
  }
  const port = options.port ?? await freePort();
  const child = spawn(process.execPath, [
    entry, ...common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
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
