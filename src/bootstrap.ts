import * as vscode from 'vscode';
import { EarlyView, openEarlyView } from './vscode/earlyRows';

/**
 * The extension's first bundle (dist/extension.js), a few kilobytes: it opens the view over the
 * rows kept from the last session, lets VS Code draw them, and only then loads the extension
 * (dist/main.js, which takes the view over). Activation waits for that, so a command or a
 * restored panel that activated the extension finds everything registered.
 */

type Main = typeof import('./extension');

/** The longest the first rows may hold up loading the rest. */
const FIRST_ROWS_WAIT_MS = 150;
/**
 * After VS Code was given the first rows, the rest waits this long: loaded at once, it would keep
 * the extension host busy before the answer has left it (measured with `npm run bench:ui`: 30 ms
 * leaves the rows 1.3× as slow as a static view's, 100 ms as fast).
 */
const DRAWN_WITHIN_MS = 100;
/**
 * A view about to be shown is told so a moment after it is made: activated for something else (a
 * command, a restored panel), the rest is loaded after this long.
 */
const VISIBLE_WITHIN_MS = 30;

let main: Main | undefined;

const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function activate(context: vscode.ExtensionContext): Promise<ReturnType<Main['activate']>> {
  const early: EarlyView = openEarlyView(context.globalState);
  if (early.provider.hasRows) {
    const hidden = after(VISIBLE_WITHIN_MS).then(() => (early.treeView.visible ? new Promise<'hidden'>(() => undefined) : 'hidden' as const));
    const outcome = await Promise.race([early.provider.given.then(() => 'given' as const), after(FIRST_ROWS_WAIT_MS).then(() => 'late' as const), hidden]);
    if (outcome === 'given') {
      await after(DRAWN_WITHIN_MS);
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  main = require(`${__dirname}/main.js`) as Main;
  return main.activate(context, early);
}

export function deactivate(): Promise<void> | undefined {
  return main?.deactivate();
}
