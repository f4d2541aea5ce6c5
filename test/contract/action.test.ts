import * as assert from 'assert';
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';
import { PROJECT_ROOT } from '../harness/codeServer';

interface ActionManifest {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

function read(file: string): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
}

/** action.yml is the action's contract: every input the entry reads is declared, and every output it sets. */
describe('the GitHub Action\'s manifest', () => {
  const manifest = yaml.load(read('action.yml')) as ActionManifest;
  const entry = read('src/action/main.ts');

  it('declares exactly the inputs the entry reads, and the outputs it sets', () => {
    const inputs = new Set([...entry.matchAll(/core\.get(?:Boolean)?Input\('([^']+)'/g), ...entry.matchAll(/\b(?:list|words)\('([^']+)'\)/g)].map((match) => match[1]));
    assert.deepStrictEqual([...inputs].sort(), Object.keys(manifest.inputs).sort());
    const outputs = new Set([...entry.matchAll(/core\.setOutput\('([^']+)'/g)].map((match) => match[1]));
    assert.deepStrictEqual([...outputs].sort(), Object.keys(manifest.outputs).sort());
  });

  it('runs the action\'s own bundle on Node 20, which esbuild builds', () => {
    assert.deepStrictEqual(manifest.runs, { using: 'node20', main: 'dist/action.js' });
    assert.match(read('esbuild.js'), /'src\/action\/main\.ts', 'dist\/action\.js'/);
  });

  it('is used in the examples with inputs it has', () => {
    const folder = path.join(PROJECT_ROOT, 'examples', 'github');
    for (const name of fs.readdirSync(folder)) {
      const workflow = yaml.load(fs.readFileSync(path.join(folder, name), 'utf8')) as { jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
      const ours = Object.values(workflow.jobs).flatMap((job) => job.steps).filter((step) => step.uses?.startsWith('mixpanel-connectors/mixpanel-connectors@'));
      assert.ok(ours.length > 0, name);
      for (const step of ours) {
        assert.deepStrictEqual(Object.keys(step.with ?? {}).filter((input) => !(input in manifest.inputs)), [], name);
      }
    }
  });
});
