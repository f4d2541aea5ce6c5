import * as path from 'path';
import * as vscode from 'vscode';
import { SourceStore } from '../core/engine/store';
import { Source } from '../core/model/source';
import { WarehouseConnections } from '../core/sources/warehouse/connections';
import { ImportFileActions } from '../core/sources/warehouse/importFileActions';
import { ImportFileWorkflow } from '../core/sources/warehouse/importFileWorkflow';
import { WarehouseSessionApi } from '../core/sources/warehouse/warehouseApi';
import { ImportFileWorkbench, readImportFileMeta } from './importFiles';

/**
 * Imports as code, built on first use (an import file opened, a plan, an apply, an export): its own
 * bundle (dist/importFiles.js, with the JSON reader and the plan), which the first rows never wait
 * for. What it shares with the rest of the extension comes in as ports and objects.
 */
export interface ImportFilesPorts {
  readonly extensionUri: vscode.Uri;
  readonly storageFolder: string;
  readonly store: SourceStore;
  readonly connections: WarehouseConnections;
  api(): WarehouseSessionApi | undefined;
  applySourceChange(source: Source): Promise<unknown>;
  readonly sessionSignal: () => AbortSignal;
  readonly log: vscode.LogOutputChannel;
}

export function createImportFiles(ports: ImportFilesPorts): ImportFileWorkbench {
  const { store, connections } = ports;
  return new ImportFileWorkbench({
    workflow: new ImportFileWorkflow({
      actions: new ImportFileActions({
        api: ports.api,
        connections,
        meta: () => readImportFileMeta(ports.extensionUri),
        applySourceChange: ports.applySourceChange,
        workspaceTrusted: () => vscode.workspace.isTrusted,
        lockDirectory: path.join(ports.storageFolder, 'apply-locks'),
      }),
      connections: (projectId) => connections.known(ports.api(), projectId, { signal: ports.sessionSignal() }),
      watched: (projectId) => store.project(projectId) !== undefined,
      projectName: (projectId) => store.project(projectId)?.name,
      workspaceTrusted: () => vscode.workspace.isTrusted,
      t: vscode.l10n.t,
    }),
    log: ports.log,
  });
}
