import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EpisodeLedger } from '../../../../src/core/health/episodeLedger';

describe('EpisodeLedger', () => {
  let directory: string;

  beforeEach(async () => {
    directory = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'ledger-')), 'announced');
  });

  afterEach(async () => {
    await fs.rm(path.dirname(directory), { recursive: true, force: true });
  });

  it('grants each episode to one of two windows claiming at once, and never again after a reload', async () => {
    const keys = Array.from({ length: 40 }, (_, index) => `started|source-${index}|late@${index}`);
    const [first, second] = await Promise.all([new EpisodeLedger(directory).claim(keys), new EpisodeLedger(directory).claim(keys)]);
    assert.strictEqual(first.length + second.length, 40);
    assert.deepStrictEqual(first.filter((key) => second.includes(key)), []);
    assert.deepStrictEqual(await new EpisodeLedger(directory).claim(keys), [], 'a new window (a reload) claims none of them');
    assert.deepStrictEqual(await new EpisodeLedger(directory).claim(['ended|source-1|late@1']), ['ended|source-1|late@1'], 'the end is an episode of its own');
  });

  it('forgets claims older than two months, and everything on clear', async () => {
    let now = Date.now();
    const ledger = new EpisodeLedger(directory, () => now);
    await ledger.claim(['old', 'new']);
    const old = (await fs.readdir(directory)).map((name) => path.join(directory, name));
    const aged = new Date(Date.now() - 61 * 24 * 60 * 60_000);
    await fs.utimes(old[0], aged, aged);
    now = Date.now();
    await ledger.prune();
    assert.strictEqual((await fs.readdir(directory)).length, 1);
    await ledger.clear();
    await assert.rejects(fs.stat(directory), /ENOENT/);
  });

  it('prunes without ever rejecting, whatever lies in its folder', async () => {
    const ledger = new EpisodeLedger(directory);
    await ledger.claim(['a']);
    const odd = path.join(directory, 'not-a-claim');
    await fs.mkdir(path.join(odd, 'inside'), { recursive: true });
    const aged = new Date(Date.now() - 61 * 24 * 60 * 60_000);
    await fs.utimes(odd, aged, aged);
    await ledger.prune();
  });
});
