import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import Mocha = require('mocha');

/**
 * Lines meant for the test log carry this marker: the extension host's console reaches the
 * runner mixed with the workbench's own messages, and the runner keeps only marked lines.
 */
export const REPORT_MARKER = '[suite] ';

export function report(...args: unknown[]): void {
  console.log(REPORT_MARKER + format(...args));
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
