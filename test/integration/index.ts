import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import Mocha from 'mocha';

/**
 * In code-server the extension host's console reaches the runner mixed with the workbench's own
 * messages, so lines meant for the test log carry this marker and the runner keeps only those.
 */
export const REPORT_MARKER = '[suite] ';
export const MARKED_OUTPUT_VARIABLE = 'MIXPANEL_CONNECTORS_MARKED_TEST_OUTPUT';

export function report(...args: unknown[]): void {
  const marker = process.env[MARKED_OUTPUT_VARIABLE] ? REPORT_MARKER : '';
  console.log(marker + format(...args));
}

/**
 * Entry point that VS Code calls in its extension host (code-server here, or the desktop build
 * through @vscode/test-electron). Runs every *.test.js beside this file.
 */
export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = report;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const folder = __dirname;
  for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(folder, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve());
  });
}
