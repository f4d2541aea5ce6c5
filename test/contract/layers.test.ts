import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ESLint } from 'eslint';
import { PROJECT_ROOT } from '../harness/codeServer';

/**
 * The rooms of core are the lint's to keep: each case adds one import that crosses a boundary to
 * a real file and expects the lint to name it. (The import graph itself is read by the lint, not
 * here.)
 */
const CROSSINGS: Array<{ file: string; line: string; why: RegExp }> = [
  // The model and the file lock, at the bottom, know nothing above them.
  { file: 'src/core/model/source.ts', line: "import { HealthFacts } from '../health/judgement';", why: /The model may not import/ },
  { file: 'src/core/model/entries.ts', line: "import { SourceStore } from '../engine/store';", why: /The model may not import/ },
  { file: 'src/core/storage/fileLock.ts', line: "import { Clock } from '../model/clock';", why: /a tool with no knowledge/ },
  // The words every kind shares know no kind and no judgement.
  { file: 'src/core/text/format.ts', line: "import { SOURCE_KINDS } from '../sources';", why: /words every kind shares/ },
  { file: 'src/core/text/format.ts', line: "import { Finding } from '../health/judgement';", why: /words every kind shares/ },
  // The engine: no sentence, no kind, nothing of health, settings or sign-in.
  { file: 'src/core/engine/refresher.ts', line: "import { treeRows } from '../presentation/treeModel';", why: /writes no sentence/ },
  { file: 'src/core/engine/store.ts', line: "import { formatAge } from '../text/format';", why: /writes no sentence/ },
  { file: 'src/core/engine/store.ts', line: "import { warehouseKind } from '../sources/warehouse/warehouseKind';", why: /knows no kind of source/ },
  { file: 'src/core/engine/pollPlan.ts', line: "import { SOURCE_KINDS } from '../sources';", why: /knows no kind of source/ },
  { file: 'src/core/engine/pollPlan.ts', line: "import { assessHealth } from '../health/judgement';", why: /The engine may not import/ },
  { file: 'src/core/engine/session.ts', line: "import { healthSettingsFrom } from '../settings/settingsPolicy';", why: /The engine may not import/ },
  { file: 'src/core/engine/session.ts', line: "import { detectRegion } from '../account/regionDetection';", why: /The engine may not import/ },
  // Sign-in and sign-out know the session, and what they clear only as ports.
  { file: 'src/core/account/signOut.ts', line: "import { RunHistory } from '../health/runHistory';", why: /Account may not import/ },
  { file: 'src/core/account/hostConsent.ts', line: "import { treeRows } from '../presentation/treeModel';", why: /Account may not import/ },
  // Health sits on the engine and knows no kind: each opts in with its facts.
  { file: 'src/core/health/monitor.ts', line: "import { SOURCE_HEALTH } from '../sources';", why: /Health knows no kind/ },
  { file: 'src/core/health/monitor.ts', line: "import { warehouseKind } from '../sources/warehouse/warehouseKind';", why: /Health knows no kind/ },
  { file: 'src/core/health/monitor.ts', line: "import { findingSentence } from '../presentation/healthWords';", why: /Health may not import/ },
  { file: 'src/core/health/runHistory.ts', line: "import { healthSettingsFrom } from '../settings/settingsPolicy';", why: /Health may not import/ },
  { file: 'src/core/settings/settingsPolicy.ts', line: "import { treeRows } from '../presentation/treeModel';", why: /settings policy may not import/ },
  // A kind's folder knows no other kind, from its top or from a folder within it, and nothing shown from it.
  { file: 'src/core/sources/cloudImport/cloudImportKind.ts', line: "import { warehouseKind } from '../warehouse/warehouseKind';", why: /does not know the other kinds/ },
  { file: 'src/core/sources/warehouse/importFiles/plan.ts', line: "import { cloudImportKind } from '../../cloudImport/cloudImportKind';", why: /does not know the other kinds/ },
  { file: 'src/core/sources/warehouse/warehouseKind.ts', line: "import { SOURCE_KINDS } from '..';", why: /does not know the other kinds/ },
  { file: 'src/core/sources/warehouse/warehouseKind.ts', line: "import { SOURCE_KINDS } from '../index';", why: /does not know the other kinds/ },
  { file: 'src/core/sources/warehouse/warehouseKind.ts', line: "import { sourceName } from '../../presentation/presenters';", why: /knows the engine and the text/ },
  // A kind that does not exist yet is kept apart too: kinds are matched by a pattern, not listed.
  { file: 'src/core/sources/warehouse/warehouseKind.ts', line: "import { webhookKind } from '../webhook/webhookKind';", why: /does not know the other kinds/ },
  { file: 'src/core/presentation/presenters.ts', line: "import { webhookKind } from '../sources/webhook/webhookKind';", why: /SOURCE_KINDS/ },
  { file: 'src/core/presentation/presenters.ts', line: "import { warehouseKind } from '../sources/warehouse/warehouseKind';", why: /SOURCE_KINDS/ },
  { file: 'src/core/engine/session.ts', line: "import * as vscode from 'vscode';", why: /free of VS Code/ },
  // Core and the client are below every door; the doors beside the editor know neither it nor each other's insides.
  { file: 'src/core/health/monitor.ts', line: "import { runHealth } from '../../cli/health';", why: /below every door/ },
  { file: 'src/mixpanel/client.ts', line: "import { runProgram } from '../cli/program';", why: /below every door/ },
  { file: 'src/shared/healthProtocol.ts', line: "import { postPlanComment } from '../action/pullRequest';", why: /below every door/ },
  { file: 'src/cli/health.ts', line: "import * as vscode from 'vscode';", why: /free of VS Code/ },
  { file: 'src/cli/program.ts', line: "import { createLog } from '../vscode/log';", why: /VS Code adapters/ },
  { file: 'src/cli/health.ts', line: "import { render } from '../webview/health';", why: /does not know the webview pages/ },
  { file: 'src/action/main.ts', line: "import { HealthMonitor } from '../core/health/monitor';", why: /runs the command line/ },
  { file: 'src/action/main.ts', line: "import * as vscode from 'vscode';", why: /free of VS Code/ },
  { file: 'src/vscode/commands.ts', line: "import { runProgram } from '../cli/program';", why: /does not run the other doors/ },
  // The agent tools sit on top of core: only a door imports them, and they know no door.
  { file: 'src/core/presentation/healthPage.ts', line: "import { AGENT_TOOLS } from '../agents/catalogue';", why: /agent tools sit on top of core/ },
  { file: 'src/mixpanel/client.ts', line: "import { AGENT_TOOLS } from '../core/agents/catalogue';", why: /knows only Mixpanel/ },
  { file: 'src/core/agents/catalogue.ts', line: "import * as vscode from 'vscode';", why: /free of VS Code/ },
  { file: 'src/core/agents/catalogue.ts', line: "import { runMcpServer } from '../../cli/mcp';", why: /below every door/ },
  { file: 'src/core/agents/catalogue.ts', line: "import { render } from '../../webview/health';", why: /do not know the webview pages/ },
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
