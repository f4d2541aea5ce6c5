import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { FakeMixpanel, FakeProject, JsonRecord } from '../fake-mixpanel/fakeMixpanel';
import { detailFieldsOf } from '../fake-mixpanel/scenarios';

/** The command line as users run it: the built bundle, as a process, against servers on 127.0.0.1. */

export const ROOT = path.join(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const ACTION = path.join(ROOT, 'dist', 'action.js');

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every byte a test saw the program write, to look for secrets in at the end. */
export const everything: string[] = [];

export function runNode(script: string, args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<Ran> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, CI: 'true', ...options.env };
  for (const key of Object.keys(env)) {
    if (env[key] === undefined) {
      delete env[key];
    }
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env: env as NodeJS.ProcessEnv, cwd: options.cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      everything.push(stdout, stderr);
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function cli(server: FakeMixpanel, args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<Ran> {
  return runNode(CLI, args, {
    cwd: options.cwd,
    env: {
      MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.username,
      MIXPANEL_SERVICE_ACCOUNT_SECRET: server.secret,
      MIXPANEL_API_BASE_URL: server.baseUrl,
      TZ: 'UTC',
      LC_ALL: 'en_US.UTF-8',
      ...options.env,
    },
  });
}

export async function temporaryFolder(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'mixpanel-imports-'));
}

const HOUR_MS = 3_600_000;
export const HOURLY_NS = 3_600_000_000_000;

/** An hourly import with 30 punctual successes of steady volume, the newest `lastAgoMs` ago. */
export function addHourlyImport(project: FakeProject, id: number, table: string, lastAgoMs: number, now = Date.now()): void {
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const newest = now - lastAgoMs;
  project.warehouseImports.push({
    id, import_type: 'event_stream', sync_mode: 'time_based', created: '2026-02-01T08:00:00Z', creator_id: 101, creator_name: 'Data Team',
    creator_email: 'data-team@example.com', warehouse_source_id: 7001, table_params: { project_id: 'acme', dataset_name: 'events', table_name: table },
    paused: false, run_every: HOURLY_NS, last_dispatch: seconds(newest), is_deleted: false, ...detailFieldsOf('event_stream'),
  });
  project.warehouseHistory.set(id, Array.from({ length: 30 }, (_, index) => {
    const start = newest - index * HOUR_MS;
    return { status: 'SUCCEEDED', start_time: seconds(start), end_time: seconds(start + 5 * 60_000), num_events_imported: 50_000 + (index % 3) * 100 };
  }));
}

/** The fake Mixpanel, started, with project 2001 and two hourly imports: 61001 on time, 61002 nine hours late. */
export async function startedWithTwoImports(): Promise<{ server: FakeMixpanel; project: FakeProject }> {
  const server = new FakeMixpanel();
  const project = addProject(server);
  addHourlyImport(project, 61001, 'orders_events', 10 * 60_000);
  addHourlyImport(project, 61002, 'signups', 9 * 3_600_000);
  await server.start();
  return { server, project };
}

/** A project of one warehouse connection and the imports a test adds, without Cloud Import. */
export function addProject(server: FakeMixpanel, id = 2001, name = 'Acme'): FakeProject {
  const project = server.addProject({ id, name, cloudImport: false });
  project.warehouseSources = [{ id: 7001, source_name: 'bq-prod', warehouse_type: 'bigquery', created: '2026-01-10T09:00:00Z' }];
  return project;
}

export interface Received {
  readonly path: string;
  readonly body: JsonRecord;
}

/** A webhook on this machine: records what is posted, and answers with the statuses it is told to first. */
export class Receiver {
  readonly received: Received[] = [];
  /** Statuses to answer with, in order, before answering 200. */
  failures: number[] = [];
  private server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
    request.on('end', () => {
      let body: JsonRecord = {};
      try {
        body = JSON.parse(text) as JsonRecord;
      } catch {
        body = { unreadable: text };
      }
      this.received.push({ path: request.url ?? '', body });
      const status = this.failures.shift() ?? 200;
      response.writeHead(status, { 'Content-Type': 'text/plain', ...(status === 429 ? { 'Retry-After': '0' } : {}) });
      response.end(status === 200 ? 'ok' : 'no');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
