import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ESLint } from 'eslint';
import { PROJECT_ROOT } from '../harness/codeServer';

/**
 * The sub-layers of core are the lint's to keep: each case adds one import that crosses a layer to
 * a real file and expects the lint to name it. (The import graph itself is read by the lint, not
 * here.)
 */
const CROSSINGS: Array<{ file: string; line: string; why: RegExp }> = [
  { file: 'src/core/engine/refresher.ts', line: "import { describeProblem } from '../presentation/errorMessages';", why: /writes no sentence/ },
  { file: 'src/core/engine/store.ts', line: "import { warehouseKind } from '../sources/warehouse';", why: /knows no kind of source/ },
  { file: 'src/core/engine/pollPlan.ts', line: "import { SOURCE_KINDS } from '../sources';", why: /knows no kind of source/ },
  { file: 'src/core/sources/cloudImport.ts', line: "import { warehouseKind } from './warehouse';", why: /does not know the other kinds/ },
  { file: 'src/core/presentation/presenters.ts', line: "import { warehouseKind } from '../sources/warehouse';", why: /SOURCE_KINDS/ },
  // A kind that does not exist yet is kept apart too: the kinds are matched by a pattern, not listed.
  { file: 'src/core/presentation/presenters.ts', line: "import { webhookKind } from '../sources/webhook';", why: /SOURCE_KINDS/ },
  { file: 'src/core/sources/warehouse.ts', line: "import { webhookKind } from './webhook';", why: /does not know the other kinds/ },
  { file: 'src/core/sources/warehouse.ts', line: "import { SOURCE_KINDS } from './index';", why: /does not know the other kinds/ },
  { file: 'src/core/text/format.ts', line: "import { SOURCE_KINDS } from '../sources';", why: /know no kind/ },
  { file: 'src/core/engine/session.ts', line: "import * as vscode from 'vscode';", why: /free of VS Code/ },
];

describe('the layers of core, as the lint keeps them', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: PROJECT_ROOT });

  for (const { file, line, why } of CROSSINGS) {
    it(`refuses ${line} in ${file}`, async () => {
      const text = `${line}\n${fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')}`;
      const [result] = await eslint.lintText(text, { filePath: path.join(PROJECT_ROOT, file) });
      const refused = result.messages.filter((message) => message.ruleId === 'no-restricted-imports' && message.line === 1);
      assert.strictEqual(refused.length, 1, JSON.stringify(result.messages.map((message) => message.message)));
      assert.match(refused[0].message, why);
    });
  }

  it('finds nothing to refuse in the code as it is', async () => {
    const results = await eslint.lintFiles(['src/core/**/*.ts']);
    const refused = results.flatMap((result) => result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => `${result.filePath}: ${message.message}`));
    assert.deepStrictEqual(refused, []);
  });
});
