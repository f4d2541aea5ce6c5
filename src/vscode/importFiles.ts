import * as vscode from 'vscode';
import { AgentPlans } from '../core/agents/catalogue';
import { agentPlans } from '../core/agents/plans';
import { ImportTarget } from '../core/sources/warehouse/importActions';
import { ApplyResult, FileMark, FileRef, ImportFileWorkflow, Notice, PlanView } from '../core/sources/warehouse/importFileWorkflow';
import { isImportFileName, Json, TextRange, withFields } from '../core/sources/warehouse/importFiles/importFile';
import { ImportPlan } from '../core/sources/warehouse/importFiles/plan';
import { RuleSeverity } from '../core/sources/warehouse/importFiles/rules';
import { IMPORT_FILE_SUFFIX, ImportFileMeta, ImportFileSchema, SCHEMA_PATH } from '../core/sources/warehouse/importFiles/schema';
import { inertText } from '../core/text/format';
import { Command, CONNECTORS_VIEW_ID } from '../shared/ids';

/**
 * The editor side of imports as code: the Problems panel for Mixpanel's rules, the plan in VS
 * Code's diff editor (Mixpanel on the left, the file on the right), Apply with its modal, and
 * Export to File. Every decision and every sentence about a file is core's (`ImportFileWorkflow`);
 * this reads and saves documents, asks and shows.
 */

export const PLAN_SCHEME = 'mixpanel-import-plan';

let meta: Promise<ImportFileMeta> | undefined;

/** What the generated schema says of the create requests, read once, when an import file is first planned or exported. */
export function readImportFileMeta(extensionUri: vscode.Uri): Promise<ImportFileMeta> {
  meta ??= Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...SCHEMA_PATH)))
    .then((bytes) => (JSON.parse(new TextDecoder().decode(bytes)) as ImportFileSchema)['x-mixpanel'])
    .catch((error: unknown) => {
      meta = undefined;
      throw new Error(vscode.l10n.t('The import file schema is missing from the extension ({0}): reinstall it.', String(error)));
    });
  return meta;
}

/** How long after the last keystroke the rules look at a file again. */
const CHECK_DELAY_MS = 300;

export interface ImportFileDependencies {
  readonly workflow: ImportFileWorkflow;
  readonly log: vscode.LogOutputChannel;
}

const SEVERITY: Record<RuleSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function rangeIn(document: vscode.TextDocument, range: TextRange | undefined): vscode.Range {
  return range
    ? new vscode.Range(document.positionAt(range.offset), document.positionAt(range.offset + range.length))
    : new vscode.Range(0, 0, 0, 1);
}

function diagnosticsOf(document: vscode.TextDocument, marks: readonly FileMark[]): vscode.Diagnostic[] {
  return marks.map((mark) => {
    const diagnostic = new vscode.Diagnostic(rangeIn(document, mark.range), mark.message, SEVERITY[mark.severity]);
    diagnostic.source = mark.source;
    if (mark.code !== undefined) {
      diagnostic.code = mark.code;
    }
    return diagnostic;
  });
}

function refOf(document: vscode.TextDocument): FileRef {
  return { key: document.uri.toString(), name: document.uri.path.split('/').pop() ?? document.uri.toString(), text: document.getText() };
}

/** The live import of a plan, as read-only documents the diff editor shows on its left. */
class PlanDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** One address per file: a new plan of the same file replaces what its diff shows. */
  set(file: vscode.Uri, text: string): vscode.Uri {
    const uri = this.uriOf(file);
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  has(file: vscode.Uri): boolean {
    return this.contents.has(this.uriOf(file).toString());
  }

  private uriOf(file: vscode.Uri): vscode.Uri {
    const name = file.path.split('/').pop() ?? `import${IMPORT_FILE_SUFFIX}`;
    return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/Mixpanel/${name}`, query: encodeURIComponent(file.toString()) });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class ImportFileWorkbench implements vscode.Disposable {
  /** Mixpanel's rules, as the file is typed. */
  readonly rules = vscode.languages.createDiagnosticCollection('mixpanel-import-rules');
  /** What the last plan or Apply found: fields that cannot change in place, Mixpanel's 400. Cleared on the next edit. */
  readonly findings = vscode.languages.createDiagnosticCollection('mixpanel-import-plan');
  private readonly plans = new PlanDocuments();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: ImportFileDependencies) {
    this.disposables.push(
      this.rules, this.findings, this.plans,
      vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, this.plans),
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (contentChanges.length > 0 && isImportFileName(document.fileName)) {
          this.findings.delete(document.uri);
          this.schedule(document, CHECK_DELAY_MS);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.rules.delete(document.uri);
        this.findings.delete(document.uri);
        this.deps.workflow.forget(document.uri.toString());
      }),
    );
    vscode.workspace.textDocuments.forEach((document) => this.schedule(document, 0));
  }

  /**
   * Plans for an agent, of files in the workspace's folders as saved. Kept apart from Show Plan's:
   * a plan an agent asked for is never the one an Apply in the editor checks against.
   */
  agentPlans(): AgentPlans {
    return agentPlans({
      workflow: this.deps.workflow,
      t: vscode.l10n.t,
      read: async (relative) => {
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
          const uri = vscode.Uri.joinPath(folder.uri, ...relative.split(/[\\/]+/));
          const bytes = await vscode.workspace.fs.readFile(uri).then((read) => read, () => undefined);
          if (bytes) {
            return { key: `agent:${uri.toString()}`, name: relative, text: new TextDecoder().decode(bytes) };
          }
        }
        return undefined;
      },
    });
  }

  /** Checks the open import files again: after sign-in, a project's sources may be known. */
  recheckAll(): void {
    vscode.workspace.textDocuments.forEach((document) => this.schedule(document, 0));
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.uri.scheme === PLAN_SCHEME || !isImportFileName(document.fileName)) {
      return;
    }
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.check(document).catch((error: unknown) => this.deps.log.warn(`Could not check ${document.uri.fsPath}: ${String(error)}`));
    }, delayMs));
  }

  /** The rules' marks for a document, unless it changed while they were made. */
  async check(document: vscode.TextDocument): Promise<void> {
    const version = document.version;
    const marks = await this.deps.workflow.check(refOf(document));
    if (document.isClosed || document.version !== version) {
      return;
    }
    this.rules.set(document.uri, diagnosticsOf(document, marks));
  }

  /** The import file a command is about: the one passed (explorer, editor title), else the active editor's. */
  private async documentOf(argument: unknown): Promise<vscode.TextDocument> {
    const t = vscode.l10n.t;
    const uri = argument instanceof vscode.Uri ? argument : vscode.window.activeTextEditor?.document.uri;
    if (!uri || !isImportFileName(uri.path)) {
      throw new Error(t('Open a Mixpanel import file ({0}) first, or export an import with Export to File.', `*${IMPORT_FILE_SUFFIX}`));
    }
    return vscode.workspace.openTextDocument(uri);
  }

  /** Show Plan: the diff of Mixpanel's import and the file, its summary, and the fields that cannot change marked in the file. */
  async showPlan(argument?: unknown): Promise<ImportPlan | undefined> {
    const document = await this.documentOf(argument);
    const ref = refOf(document);
    const view = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: this.deps.workflow.planningTitle(ref) },
      () => this.deps.workflow.plan(ref));
    await this.openPlan(document, view);
    this.tell(document, view.notice);
    return view.plan;
  }

  private async openPlan(document: vscode.TextDocument, view: PlanView): Promise<void> {
    const left = this.plans.set(document.uri, view.liveText);
    await vscode.commands.executeCommand('vscode.diff', left, document.uri, view.title, { preview: false });
    this.findings.set(document.uri, diagnosticsOf(document, view.notInPlace));
    this.deps.log.info(view.logLine);
  }

  /** A notice as a message, with what it offers. */
  private tell(document: vscode.TextDocument, notice: Notice): void {
    const show = notice.level === 'error' ? vscode.window.showErrorMessage : notice.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const { offer } = notice;
    void (offer ? show(inertText(notice.message), offer.label) : show(inertText(notice.message))).then(async (choice) => {
      if (!offer || choice !== offer.label) {
        return;
      }
      switch (offer.kind) {
        case 'apply':
          void vscode.commands.executeCommand(Command.applyImport, document.uri);
          return;
        case 'showProblems':
          void vscode.commands.executeCommand('workbench.actions.view.problems');
          return;
        case 'writeId':
          await this.writeFields(document, offer.fields, offer.importId);
          await this.showPlan(document.uri);
          return;
      }
    }).then(undefined, (error: unknown) => void vscode.window.showErrorMessage(inertText(error instanceof Error ? error.message : String(error))));
  }

  /** Writes fields (a new or adopted id) into the file and saves it at once: without the id, the next Apply would make a second import. */
  private async writeFields(document: vscode.TextDocument, fields: Json, importId: number): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    const text = document.getText();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), withFields(text, fields));
    if (!await vscode.workspace.applyEdit(edit) || !await document.save()) {
      throw new Error(this.deps.workflow.writeFailure(refOf(document), importId));
    }
  }

  /**
   * Apply: the file as saved, planned again, confirmed in a modal that names the project, the
   * import and each change, then sent. Never from an untrusted workspace, never without the modal.
   */
  async apply(argument?: unknown): Promise<void> {
    const document = await this.documentOf(argument);
    const result = await this.deps.workflow.apply(refOf(document), {
      save: async () => (!document.isDirty || await document.save()) ? refOf(document) : undefined,
      clearMarks: () => this.findings.delete(document.uri),
      // VS Code's JSON schema finds what the rules do not look for; the rules' own marks are asked again by core.
      otherErrors: () => vscode.languages.getDiagnostics(document.uri)
        .filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error && diagnostic.source !== 'Mixpanel')
        .map((diagnostic) => diagnostic.message),
      confirm: async ({ question, detail, button }) => await vscode.window.showWarningMessage(inertText(question), { modal: true, detail: inertText(detail, 2_000) }, button) === button,
      progress: (title, work) => Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, work)),
    });
    await this.carryOut(document, result);
  }

  private async carryOut(document: vscode.TextDocument, result: ApplyResult): Promise<void> {
    if (result.write) {
      await this.writeFields(document, result.write.fields, result.write.importId);
    }
    if (result.marks) {
      this.findings.set(document.uri, diagnosticsOf(document, result.marks));
    }
    if (result.open) {
      await this.openPlan(document, result.open);
    }
    if (result.shownLive !== undefined && this.plans.has(document.uri)) {
      this.plans.set(document.uri, result.shownLive);
    }
    if (result.logLine) {
      this.deps.log.info(result.logLine);
    }
    if (result.notice) {
      this.tell(document, result.notice);
    }
    if (result.showImports) {
      void vscode.commands.executeCommand(`${CONNECTORS_VIEW_ID}.focus`);
    }
  }

  /** Export to File: the live import, as the file that would create it, saved where the user says and opened. */
  async exportToFile(target: ImportTarget, label: string): Promise<vscode.Uri | undefined> {
    const t = vscode.l10n.t;
    const exported = await this.deps.workflow.exportImport(target, label);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      title: t('Export Import to File'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, exported.fileName) : undefined,
      filters: { [t('Mixpanel import')]: ['json'] },
      saveLabel: t('Export'),
    });
    if (!uri) {
      return undefined;
    }
    // The name is what gives the file its schema and its commands.
    const fileUri = isImportFileName(uri.path) ? uri : uri.with({ path: `${uri.path.replace(/\.json$/i, '')}${IMPORT_FILE_SUFFIX}` });
    await vscode.workspace.fs.writeFile(fileUri, new TextEncoder().encode(exported.text));
    this.deps.log.info(exported.logLine(fileUri.fsPath));
    await vscode.window.showTextDocument(fileUri, { preview: false });
    return fileUri;
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
