import * as vscode from 'vscode';
import type { AgentPlans } from '../core/agents/catalogue';
import { ImportTarget } from '../core/sources/warehouse/importActions';
import { isImportFileName } from '../core/sources/warehouse/importFiles/fileName';
import type { ImportFilesPorts } from './importFilesFeature';
import type { ImportFileWorkbench } from './importFiles';

/** What the rest of the extension asks of imports as code. */
export interface ImportFiles extends vscode.Disposable {
  showPlan(argument?: unknown): Promise<unknown>;
  apply(argument?: unknown): Promise<void>;
  exportToFile(target: ImportTarget, label: string): Promise<vscode.Uri | undefined>;
  recheckAll(): void;
  /** mixpanel_plan_import_file over the workspace's files (loads the feature). */
  agentPlans(): AgentPlans;
}

/**
 * Loads the import files' bundle, which the build writes beside the extension's
 * (`dist/importFiles.js`, from importFilesFeature.ts). The path is made at run time, so that the
 * extension's own bundle does not take the feature in.
 */
export function loadImportFilesFeature(): typeof import('./importFilesFeature') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`${__dirname}/importFiles.js`) as typeof import('./importFilesFeature');
}

/**
 * Imports as code, loaded when first needed: when an import file is open or opens, or a command
 * asks for it. Until then it costs one listener, and the first rows never wait for its bundle.
 */
export class LazyImportFiles implements ImportFiles {
  private workbench: ImportFileWorkbench | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ports: ImportFilesPorts, private readonly load = loadImportFilesFeature) {
    this.subscription = vscode.workspace.onDidOpenTextDocument((document) => {
      if (isImportFileName(document.fileName)) {
        this.loaded();
      }
    });
    if (vscode.workspace.textDocuments.some((document) => isImportFileName(document.fileName))) {
      this.loaded();
    }
  }

  showPlan(argument?: unknown): Promise<unknown> {
    return this.loaded().showPlan(argument);
  }

  apply(argument?: unknown): Promise<void> {
    return this.loaded().apply(argument);
  }

  exportToFile(target: ImportTarget, label: string): Promise<vscode.Uri | undefined> {
    return this.loaded().exportToFile(target, label);
  }

  /** Loads the feature only when a plan is asked for, not when the tools are merely read. */
  agentPlans(): AgentPlans {
    return { plan: (path) => this.loaded().agentPlans().plan(path) };
  }

  /** After sign-in, a project's sources may be known: the open files are checked again, if any were. */
  recheckAll(): void {
    this.workbench?.recheckAll();
  }

  dispose(): void {
    this.subscription.dispose();
    this.workbench?.dispose();
  }

  private loaded(): ImportFileWorkbench {
    this.workbench ??= this.load().createImportFiles(this.ports);
    return this.workbench;
  }
}
