import * as vscode from 'vscode';
import { describeApiError } from '../core/text/errorMessages';
import { RequestLogEntry } from '../mixpanel/client';
import { plainTranslate } from '../shared/l10n';

/** The "Mixpanel Connectors" log. What reaches it has been through the client's redaction. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Mixpanel Connectors', { log: true });
}

/** One line per HTTP exchange: method, path, status, milliseconds; the error's cause when it failed. */
export function logRequest(log: vscode.LogOutputChannel, entry: RequestLogEntry): void {
  const attempt = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
  const line = `${entry.method} ${entry.path} ${entry.status ?? '---'} ${entry.durationMs} ms${attempt}`;
  if (!entry.error) {
    log.info(line);
  } else if (entry.error.kind === 'cancelled') {
    log.debug(`${line}: cancelled`);
  } else {
    log.warn(`${line}: ${entry.error.kind}: ${describeApiError(entry.error, plainTranslate)}`);
  }
}
