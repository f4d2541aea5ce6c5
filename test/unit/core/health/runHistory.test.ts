import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineLogRecord } from '../../../../src/core/model/logRecords';
import { DEFAULT_HISTORY_BOUNDS, HistoryBounds, RunHistory } from '../../../../src/core/health/runHistory';
import { aRun, importRef } from '../../builders';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);
const ref = importRef(7);

function runs(count: number, newest: number, status: 'success' | 'running' = 'success') {
  return Array.from({ length: count }, (_, index) => aRun({ owner: '7', status, startTime: newest - index * HOUR, counters: { num_events_imported: 100 + index } }));
}

describe('RunHistory', () => {
  let directory: string;
  let logs: EngineLogRecord[];
  const histories: RunHistory[] = [];

  function aHistory(options: { bounds?: HistoryBounds; now?: () => number } = {}): RunHistory {
    const history = new RunHistory({ directory, bounds: () => options.bounds ?? DEFAULT_HISTORY_BOUNDS, now: options.now ?? (() => T0), log: (record) => logs.push(record), writeDelayMs: 10 });
    histories.push(history);
    return history;
  }

  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'run-history-'));
    logs = [];
  });

  afterEach(async () => {
    histories.splice(0).forEach((history) => history.dispose());
    await fs.rm(directory, { recursive: true, force: true });
  });

  it('keeps runs across a restart, newest first, with their events', async () => {
    const first = aHistory();
    first.record(ref, runs(3, T0));
    await first.flush();
    const kept = await aHistory().load(ref);
    assert.deepStrictEqual(kept.map((run) => [run.start, run.events]), [[T0, 100], [T0 - HOUR, 101], [T0 - 2 * HOUR, 102]]);
  });

  it('replaces a run\'s earlier state with its later one, and never an ended state with a going one', async () => {
    let now = T0;
    const history = aHistory({ now: () => now });
    await history.load(ref);
    history.record(ref, runs(1, T0, 'running'));
    now += 1000;
    history.record(ref, runs(1, T0, 'success'));
    now += 1000;
    history.record(ref, runs(1, T0, 'running'));
    await history.flush();
    assert.deepStrictEqual((await aHistory().load(ref)).map((run) => run.status), ['success']);
  });

  it('holds each source to its count and age bounds when it writes', async () => {
    const history = aHistory({ bounds: { maxRuns: 10, maxAgeMs: 24 * HOUR } });
    history.record(ref, runs(30, T0));
    await history.flush();
    const kept = await aHistory().load(ref);
    assert.strictEqual(kept.length, 10);
    const aged = aHistory({ bounds: { maxRuns: 100, maxAgeMs: 5 * HOUR } });
    aged.record(ref, runs(1, T0 + HOUR));
    await aged.flush();
    assert.deepStrictEqual((await aHistory().load(ref)).map((run) => run.start), [T0 + HOUR, T0, T0 - HOUR, T0 - 2 * HOUR, T0 - 3 * HOUR, T0 - 4 * HOUR, T0 - 5 * HOUR]);
  });

  it('rewrites nothing for a look that brings nothing new: runs older than the bounds, a full history\'s oldest, a run going on', async () => {
    const DAY = 24 * HOUR;
    // Hourly runs, 30 from the API, in a history that keeps 10: the 20 older ones change nothing.
    const full = aHistory({ bounds: { maxRuns: 10, maxAgeMs: 90 * DAY } });
    await full.load(ref);
    full.record(ref, runs(30, T0));
    await full.flush();
    const first = await fs.stat(full.fileOf(ref));
    full.record(ref, runs(30, T0));
    await full.flush();
    assert.strictEqual((await fs.stat(full.fileOf(ref))).ino, first.ino, 'a full history is not written again for its older runs');
    await fs.rm(full.fileOf(ref));

    const history = aHistory({ bounds: { maxRuns: 2_000, maxAgeMs: 90 * DAY } });
    await history.load(ref);
    // A weekly import: the API's 30 runs reach back 30 weeks, past the 90 days kept.
    const weekly = runs(30, T0, 'success').map((run, index) => ({ ...run, startTime: T0 - index * 7 * DAY, endTime: T0 - index * 7 * DAY + HOUR }));
    history.record(ref, weekly);
    await history.flush();
    const written = await fs.stat(history.fileOf(ref));
    for (let look = 0; look < 3; look++) {
      history.record(ref, weekly);
      history.record(ref, [aRun({ owner: '7', status: 'running', startTime: T0 + DAY, progress: look / 10 }), ...weekly]);
      await history.flush();
    }
    assert.strictEqual((await fs.stat(history.fileOf(ref))).ino, written.ino, 'the file was not written again');
    history.record(ref, [aRun({ owner: '7', status: 'success', startTime: T0 + DAY }), ...weekly]);
    await history.flush();
    assert.notStrictEqual((await fs.stat(history.fileOf(ref))).ino, written.ino, 'a run that ended is written');
  });

  it('keeps runs it could not write (a full disk) for a later write', async () => {
    // The folder cannot be made while a file stands at its place: every write fails.
    await fs.rm(directory, { recursive: true, force: true });
    await fs.writeFile(directory, 'in the way');
    const history = new RunHistory({ directory, bounds: () => DEFAULT_HISTORY_BOUNDS, now: () => T0, log: (record) => logs.push(record), writeDelayMs: 10, retryDelayMs: 20 });
    histories.push(history);
    history.record(ref, runs(3, T0));
    await history.flush();
    assert.strictEqual(logs.filter((record) => record.event === 'historyNotKept').length, 1);
    await fs.rm(directory);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await history.flush();
    assert.strictEqual((await aHistory().load(ref)).length, 3, 'written once the disk allowed it');
  });

  it('removes what cut-off writes, dead windows and long-gone sources leave behind, and keeps the rest', async () => {
    const history = aHistory();
    history.record(ref, runs(1, T0));
    await history.flush();
    const file = history.fileOf(ref);
    const aged = async (name: string, days: number) => {
      const at = path.join(directory, name);
      await fs.writeFile(at, '{}');
      const when = new Date(Date.now() - days * 24 * HOUR);
      await fs.utimes(at, when, when);
    };
    await aged('a.json.123.abcd.tmp', 1);
    await aged('b.json.lock', 1);
    await aged('c.json.damaged-1', 31);
    await aged('d.json', 91);
    await aged('e.json.damaged-2', 2);
    await aged('f.json.9.ffff.tmp', 0);
    await history.prune();
    assert.deepStrictEqual((await fs.readdir(directory)).sort(), [path.basename(file), 'e.json.damaged-2', 'f.json.9.ffff.tmp'].sort());
  });

  it('loses no run when two windows write the same source at once', async () => {
    const a = aHistory();
    const b = aHistory();
    for (let round = 0; round < 20; round++) {
      a.record(ref, [aRun({ owner: '7', startTime: T0 + round * 2 * HOUR })]);
      b.record(ref, [aRun({ owner: '7', startTime: T0 + (round * 2 + 1) * HOUR })]);
      await Promise.all([a.flush(), b.flush()]);
    }
    assert.strictEqual((await aHistory().load(ref)).length, 40);
    assert.deepStrictEqual(logs, []);
  });

  it('loses no run when two processes write the same source at once', async () => {
    const writers = [0, 1].map((parity) => writer(directory, parity, 30));
    await Promise.all(writers.map(exited));
    const starts = (await aHistory().load(ref)).map((run) => run.start);
    assert.strictEqual(starts.length, 60);
    assert.strictEqual(new Set(starts).size, 60);
  });

  it('leaves the previous content readable when a writing process is killed at any moment', async function () {
    this.timeout(60_000);
    // Each write is a file of 6,000 runs (about 1 MB), which Node writes in several chunks: a kill
    // in between would leave half a file if it were written in place.
    const file = aHistory().fileOf(ref);
    for (let attempt = 0; attempt < 10; attempt++) {
      const child = writer(directory, attempt % 2, 10_000, 6_000);
      // Once a first write has landed (a loaded machine starts a process slowly), at a different moment each time.
      for (let waited = 0; waited < 20_000 && attempt === 0 && !(await fs.stat(file).then(() => true, () => false)); waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 150 + attempt * 53));
      child.kill('SIGKILL');
      await exited(child).catch(() => undefined);
      const kept = await aHistory().load(ref);
      assert.ok(kept.length > 0, `attempt ${attempt}: something was written before the kill`);
      assert.deepStrictEqual(logs, [], `attempt ${attempt}: the file was readable`);
    }
  });

  it('keeps the previous content when a writing process is killed halfway through a write', async () => {
    const history = aHistory();
    history.record(ref, runs(3, T0));
    await history.flush();
    // The child's writes stop halfway, as a kill would stop them; it says so, and is killed.
    const child = writer(directory, 1, 1, 2_000, true);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (data: Buffer) => data.toString().includes('halfway') && resolve());
      child.on('exit', () => reject(new Error('the writer ended before writing')));
    });
    child.kill('SIGKILL');
    await exited(child).catch(() => undefined);
    const kept = await aHistory().load(ref);
    assert.deepStrictEqual(kept.map((run) => run.start), [T0, T0 - HOUR, T0 - 2 * HOUR], 'the content before the cut write');
    assert.deepStrictEqual(logs, [], 'and it is readable');
    // What the kill left: its half-written temporary file and its lock, which the prune removes once they are old.
    const left = (await fs.readdir(directory)).filter((name) => name !== path.basename(history.fileOf(ref)));
    assert.ok(left.some((name) => name.endsWith('.tmp')), `the cut write's temporary file: ${left.join(', ')}`);
    const old = new Date(Date.now() - 2 * HOUR);
    await Promise.all(left.map((name) => fs.utimes(path.join(directory, name), old, old)));
    await history.prune();
    assert.deepStrictEqual(await fs.readdir(directory), [path.basename(history.fileOf(ref))], 'nothing else is left');
  });

  it('moves a damaged file aside with a log line, and begins a new one', async () => {
    const history = aHistory();
    await fs.mkdir(directory, { recursive: true });
    await fs.writeFile(history.fileOf(ref), '{"version":1,"runs":[{"key":');
    assert.deepStrictEqual(await history.load(ref), []);
    assert.strictEqual(logs[0]?.event, 'historySetAside');
    const files = await fs.readdir(directory);
    assert.ok(files.some((file) => file.includes('.damaged-')), files.join());
    history.record(ref, runs(2, T0));
    await history.flush();
    assert.strictEqual((await aHistory().load(ref)).length, 2);
  });

  it('forgets on a sign-out in another window: nothing pending is written, nothing read is kept in memory', async () => {
    const history = aHistory();
    await history.load(ref);
    history.record(ref, runs(3, T0));
    assert.strictEqual(history.runsOf(ref)?.length, 3);
    history.forget();
    assert.strictEqual(history.runsOf(ref), undefined);
    await history.flush();
    await assert.rejects(fs.stat(history.fileOf(ref)), /ENOENT/, 'nothing written');
    // A write under way: it waits for another window's lock when the sign-out comes.
    await fs.mkdir(directory, { recursive: true });
    await fs.writeFile(`${history.fileOf(ref)}.lock`, 'another window');
    history.record(ref, runs(2, T0));
    const writing = history.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    history.forget();
    await fs.rm(`${history.fileOf(ref)}.lock`);
    await writing;
    await assert.rejects(fs.stat(history.fileOf(ref)), /ENOENT/, 'a write under way is dropped');
  });

  it('removes everything on sign-out, including what was about to be written', async () => {
    const history = aHistory();
    history.record(ref, runs(2, T0));
    await history.flush();
    history.record(ref, runs(2, T0 + 2 * HOUR));
    await history.clear();
    await assert.rejects(fs.stat(directory), /ENOENT/);
  });
});

/** A process that writes `count` runs of the source one by one (each with `batch - 1` older ones), every other hour from `parity`. */
function writer(directory: string, parity: number, count: number, batch = 1, stopHalfway = false): ChildProcess {
  const modulePath = path.resolve(__dirname, '../../../../src/core/health/runHistory.js');
  const halfway = `
    const fs = require('fs').promises;
    const write = fs.writeFile;
    fs.writeFile = async (file, data, options) => {
      // The lock is written whole; the history's temporary file is cut halfway.
      if (!String(file).endsWith('.tmp')) {
        return write(file, data, options);
      }
      await write(file, String(data).slice(0, String(data).length >> 1));
      process.stdout.write('halfway');
      await new Promise(() => undefined);
    };`;
  const script = `${stopHalfway ? halfway : ''}
    const { RunHistory } = require(${JSON.stringify(modulePath)});
    const history = new RunHistory({ directory: ${JSON.stringify(directory)}, bounds: () => ({ maxRuns: 100000, maxAgeMs: 1e13 }), now: () => ${T0}, writeDelayMs: 1 });
    const ref = { projectId: 1, kind: 'warehouse', id: '7' };
    (async () => {
      for (let index = 0; index < ${count}; index++) {
        const start = ${T0} + (index * 2 + ${parity}) * ${HOUR};
        const runs = [];
        for (let older = 0; older < ${batch}; older++) {
          const at = start - older * 2 * ${HOUR};
          runs.push({ key: '7/' + at + '/0', status: 'success', rawStatus: 'success', startTime: at, endTime: at + 1, counters: { num_events_imported: index }, raw: {} });
        }
        history.record(ref, runs);
        await history.flush();
      }
    })();`;
  return spawn(process.execPath, ['-e', script], { stdio: stopHalfway ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => child.on('exit', (code, signal) => code === 0 ? resolve() : reject(new Error(`exit ${code} ${signal}`))));
}
