import * as vscode from 'vscode';
import { ImportActionError, ImportTarget } from '../core/sources/warehouse/importActions';
import { adoptionOf, ImportFileActions } from '../core/sources/warehouse/importFileActions';
import { importActionError } from '../core/sources/warehouse/importMessages';
import { changeText, planLines, planSummary } from '../core/sources/warehouse/importPlanMessages';
import { SourceStore } from '../core/engine/store';
import { fieldLocator, fieldRange, FileProblem, ImportFile, importFileText, isImportFileName, Json, readImportFile, TextRange, withFields } from '../core/sources/warehouse/importFiles/importFile';
import { ImportPlan } from '../core/sources/warehouse/importFiles/plan';
import { blockingFindings, checkImportFile, RuleContext, RuleSeverity } from '../core/sources/warehouse/importFiles/rules';
import { IMPORT_FILE_SUFFIX, ImportFileMeta, ImportFileSchema, SCHEMA_PATH } from '../core/sources/warehouse/importFiles/schema';
import { inertText, TextLimit } from '../core/text/format';
import { WarehouseSourceInfo } from '../mixpanel/types';
import { Command, CONNECTORS_VIEW_ID } from '../shared/ids';

/**
 * The editor side of imports as code: the Problems panel for Mixpanel's rules, the plan in VS
 * Code's diff editor (Mixpanel on the left, the file on the right), Apply with its modal, and
 * Export to File. Every decision is core's (`ImportFileActions`); this only asks and shows.
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
  readonly actions: ImportFileActions;
  readonly store: SourceStore;
  readonly log: vscode.LogOutputChannel;
  /** The project's warehouse connections as the session's directory knows them (asked at most once an hour); undefined when unknown. */
  readonly warehouseSources: (projectId: number) => Promise<readonly WarehouseSourceInfo[] | undefined>;
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
  /** The key of the plan last shown per file: Apply stops when the plan it makes differs. */
  private readonly shownPlans = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly applying = new Set<string>();
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
        this.shownPlans.delete(document.uri.toString());
      }),
    );
    vscode.workspace.textDocuments.forEach((document) => this.schedule(document, 0));
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

  /** The rules' findings for a document, placed on their fields; with the warehouse's type when Mixpanel says it. */
  async check(document: vscode.TextDocument): Promise<void> {
    const version = document.version;
    const read = readImportFile(document.getText());
    if ('problem' in read) {
      // VS Code's JSON support and the schema say what is wrong with the text itself; what they
      // cannot see (a file too large to check, a key that hides others) is said here.
      if (read.problem.kind === 'tooLarge' || read.problem.kind === 'reservedKey') {
        const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), this.problemMessage(document, read.problem), vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'Mixpanel';
        this.rules.set(document.uri, [diagnostic]);
      } else {
        this.rules.delete(document.uri);
      }
      return;
    }
    const context = await this.ruleContext(read.file);
    if (document.isClosed || document.version !== version) {
      return;
    }
    const t = vscode.l10n.t;
    const locate = fieldLocator(document.getText());
    this.rules.set(document.uri, checkImportFile(read.file, context).map((finding) => {
      const diagnostic = new vscode.Diagnostic(rangeIn(document, locate([finding.field])),
        `${finding.rule.message(t, context)} ${finding.rule.reason(t)}`, SEVERITY[finding.severity]);
      diagnostic.source = 'Mixpanel';
      diagnostic.code = finding.rule.id;
      return diagnostic;
    }));
  }

  private async ruleContext(file: ImportFile): Promise<RuleContext> {
    const sources = await this.sourcesOf(file.projectId);
    const byName = file.sourceName !== undefined ? sources?.find((source) => source.name === file.sourceName) : undefined;
    const source = byName ?? sources?.find((source) => source.id === file.request.warehouse_source_id);
    return { warehouseType: source?.warehouseType };
  }

  /**
   * A watched project's warehouse sources. A file names any project it likes: typing in it must
   * not make the extension ask Mixpanel about projects the user did not choose.
   */
  private sourcesOf(projectId: number): Promise<readonly WarehouseSourceInfo[] | undefined> {
    return this.deps.store.project(projectId) === undefined ? Promise.resolve(undefined) : this.deps.warehouseSources(projectId);
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

  private fileIn(document: vscode.TextDocument): ImportFile {
    const read = readImportFile(document.getText());
    if ('problem' in read) {
      throw new Error(this.problemMessage(document, read.problem));
    }
    return read.file;
  }

  private problemMessage(document: vscode.TextDocument, problem: FileProblem): string {
    const t = vscode.l10n.t;
    switch (problem.kind) {
      case 'notJson':
        return t('{0} is not valid JSON ({1} at line {2}).', this.nameOf(document), problem.code, document.positionAt(problem.offset).line + 1);
      case 'notAnObject':
        return t('{0} must hold one JSON object.', this.nameOf(document));
      case 'noProject':
        return t('{0} has no "project_id": the Mixpanel project the import belongs to.', this.nameOf(document));
      case 'tooLarge':
        return t('{0} is larger than an import file can be ({1} KB): it is not read.', this.nameOf(document), Math.round(problem.limit / 1024));
      case 'reservedKey':
        return t('{0} has a key "{1}", which a JSON reader takes for something other than a field: remove it.', this.nameOf(document), problem.key);
    }
  }

  private nameOf(document: vscode.TextDocument): string {
    return document.uri.path.split('/').pop() ?? document.uri.toString();
  }

  private projectName(projectId: number): string {
    const name = this.deps.store.project(projectId)?.name;
    return name ? vscode.l10n.t('"{0}" ({1})', inertText(name, TextLimit.pickLabel), projectId) : String(projectId);
  }

  private failure(error: unknown, document: vscode.TextDocument | undefined): Error {
    return importActionError(error, 'apply', document ? this.nameOf(document) : '', vscode.l10n.t);
  }

  /** Show Plan: the diff of Mixpanel's import and the file, its summary, and the fields that cannot change marked in the file. */
  async showPlan(argument?: unknown): Promise<ImportPlan | undefined> {
    const document = await this.documentOf(argument);
    const file = this.fileIn(document);
    let plan: ImportPlan;
    try {
      plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Planning {0}…', this.nameOf(document)) },
        () => this.deps.actions.plan(file));
    } catch (error) {
      throw this.failure(error, document);
    }
    await this.openPlan(document, plan);
    this.tellPlan(document, plan);
    return plan;
  }

  private async openPlan(document: vscode.TextDocument, plan: ImportPlan): Promise<void> {
    const t = vscode.l10n.t;
    this.shownPlans.set(document.uri.toString(), plan.key);
    const left = this.plans.set(document.uri, plan.liveFile ? importFileText(plan.liveFile) : '');
    const title = t('Plan: {0} (Mixpanel ↔ file): {1}', this.nameOf(document), inertText(planSummary(plan, t), TextLimit.pickLabel));
    await vscode.commands.executeCommand('vscode.diff', left, document.uri, title, { preview: false });
    const locate = fieldLocator(document.getText());
    const notInPlace = plan.changes.filter((change) => !change.inPlace);
    this.findings.set(document.uri, notInPlace.map((change) => {
      const diagnostic = new vscode.Diagnostic(rangeIn(document, locate([change.field])),
        t('Mixpanel cannot change "{0}" of an existing import: the plan stops here. A new import would import the table again (events may be counted twice, and are billed).', change.field),
        vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'Mixpanel plan';
      diagnostic.code = 'notInPlace';
      return diagnostic;
    }));
  }

  /** The plan's summary as a message, with Apply when there is something to apply. */
  private tellPlan(document: vscode.TextDocument, plan: ImportPlan): void {
    const t = vscode.l10n.t;
    const summary = inertText(planSummary(plan, t));
    const canApply = plan.action !== 'none' && plan.blockers.length === 0 && vscode.workspace.isTrusted;
    const apply = t('Apply…');
    const show = plan.blockers.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    this.deps.log.info(`Plan of ${document.uri.fsPath}: ${planLines(plan, t).join(' | ')}`);
    const adoption = adoptionOf(plan, this.fileIn(document));
    const writeId = t('Write Its Id into the File');
    void (canApply ? show(summary, apply) : adoption ? show(summary, writeId) : show(summary)).then(async (choice) => {
      if (choice === apply) {
        void vscode.commands.executeCommand(Command.applyImport, document.uri);
      } else if (choice === writeId && adoption) {
        await this.writeFields(document, adoption.fields, adoption.importId);
        await this.showPlan(document.uri);
      }
    }).then(undefined, (error: unknown) => void vscode.window.showErrorMessage(inertText(error instanceof Error ? error.message : String(error))));
  }

  /** Writes fields (a new or adopted id) into the file and saves it at once: without the id, the next Apply would make a second import. */
  private async writeFields(document: vscode.TextDocument, fields: Json, importId: number): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    const text = document.getText();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), withFields(text, fields));
    if (!await vscode.workspace.applyEdit(edit) || !await document.save()) {
      throw new Error(vscode.l10n.t('Mixpanel has import {0}, but {1} could not be saved with its id: add "import_id": {0} to the file by hand, or the next Apply creates another import.', importId, this.nameOf(document)));
    }
  }

  /**
   * Apply: the file as saved, planned again, confirmed in a modal that names the project, the
   * import and each change, then sent. Never from an untrusted workspace, never without the modal.
   */
  async apply(argument?: unknown): Promise<void> {
    const t = vscode.l10n.t;
    // Core refuses too; asked here first, nothing is saved for nothing.
    if (!vscode.workspace.isTrusted) {
      throw this.failure(new ImportActionError({ kind: 'untrusted' }), undefined);
    }
    const document = await this.documentOf(argument);
    const key = document.uri.toString();
    if (this.applying.has(key)) {
      void vscode.window.showInformationMessage(inertText(t('{0} is being applied already.', this.nameOf(document))));
      return;
    }
    this.applying.add(key);
    try {
      await this.applyDocument(document);
    } finally {
      this.applying.delete(key);
    }
  }

  private async applyDocument(document: vscode.TextDocument): Promise<void> {
    const t = vscode.l10n.t;
    // What is applied is what a reviewer reads: the file as saved.
    if (document.isDirty && !await document.save()) {
      throw new Error(t('Save {0} first.', this.nameOf(document)));
    }
    // Mixpanel's last refusal is for the last Apply: this one is judged afresh.
    this.findings.delete(document.uri);
    const file = this.fileIn(document);
    // The rules are asked again here, not only read from the Problems panel, which may lag a keystroke behind.
    const context = await this.ruleContext(file);
    const ruleErrors = blockingFindings(checkImportFile(file, context)).map((finding) => finding.rule.message(t, context));
    const errors = [
      ...ruleErrors,
      ...vscode.languages.getDiagnostics(document.uri).filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error && diagnostic.source !== 'Mixpanel').map((diagnostic) => diagnostic.message),
    ];
    if (errors.length > 0) {
      const show = t('Show Problems');
      void vscode.window.showErrorMessage(inertText(t('{0} has {1} problem(s) to fix before it can be applied: {2}', this.nameOf(document), errors.length, inertText(errors[0], TextLimit.pickDetail))), show)
        .then((choice) => choice === show && vscode.commands.executeCommand('workbench.actions.view.problems'));
      return;
    }
    let outcome;
    try {
      outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Applying {0} to Mixpanel…', this.nameOf(document)) },
        () => this.deps.actions.apply(file, this.shownPlans.get(document.uri.toString()), (plan) => this.confirm(document, plan)));
    } catch (error) {
      throw this.failure(error, document);
    }
    switch (outcome.kind) {
      case 'stale':
        await this.openPlan(document, outcome.plan);
        void vscode.window.showWarningMessage(inertText(outcome.moved === 'file'
          ? t('Nothing was applied: {0} changed since the plan was shown. Read the new plan, then apply again.', this.nameOf(document))
          : t('Nothing was applied: the import in Mixpanel changed since the plan was shown. Read the new plan, then apply again.')));
        return;
      case 'blocked':
        await this.openPlan(document, outcome.plan);
        this.tellPlan(document, outcome.plan);
        return;
      case 'nothing':
        this.shownPlans.set(document.uri.toString(), outcome.plan.key);
        void vscode.window.showInformationMessage(inertText(planSummary(outcome.plan, t)));
        return;
      case 'cancelled':
        return;
      case 'busy':
        void vscode.window.showInformationMessage(inertText(t('{0} is being applied already, perhaps in another window. Wait for that Apply to end, then apply again.', this.nameOf(document))));
        return;
      case 'rejected': {
        const text = document.getText();
        const diagnostic = new vscode.Diagnostic(rangeIn(document, fieldRange(text, outcome.field ? [outcome.field] : [])),
          t('Mixpanel refused the import: {0}', outcome.message), vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'Mixpanel';
        diagnostic.code = 'rejected';
        this.findings.set(document.uri, [diagnostic]);
        void vscode.window.showErrorMessage(inertText(t('Mixpanel refused {0}: {1}', this.nameOf(document), outcome.message)));
        return;
      }
      case 'created': {
        // The id goes into the file at once and is saved: without it, the next Apply would make a second import.
        await this.writeFields(document, outcome.fileFields, outcome.imported.id);
        this.findings.delete(document.uri);
        this.showAppliedState(document, outcome.after);
        this.deps.log.info(`Created warehouse import ${outcome.imported.id} in project ${outcome.plan.projectId} from ${document.uri.fsPath}.`);
        void vscode.window.showInformationMessage(inertText(t('Created import {0} in project {1}. Its id is now in {2}.', outcome.imported.id, this.projectName(outcome.plan.projectId), this.nameOf(document))));
        void vscode.commands.executeCommand(`${CONNECTORS_VIEW_ID}.focus`);
        return;
      }
      case 'updated':
        this.findings.delete(document.uri);
        this.showAppliedState(document, outcome.after);
        this.deps.log.info(`Applied ${document.uri.fsPath} to warehouse import ${outcome.imported.id} in project ${outcome.plan.projectId}.`);
        void vscode.window.showInformationMessage(inertText(t('Applied to import {0}: {1}', outcome.imported.id, outcome.plan.changes.map((change) => changeText(change, t)).join('; '))));
        void vscode.commands.executeCommand(`${CONNECTORS_VIEW_ID}.focus`);
        return;
    }
  }

  /** After Apply, a diff still open shows Mixpanel as it is now (no differences, once applied). */
  private showAppliedState(document: vscode.TextDocument, after: ImportPlan): void {
    if (this.plans.has(document.uri)) {
      this.plans.set(document.uri, after.liveFile ? importFileText(after.liveFile) : '');
      this.shownPlans.set(document.uri.toString(), after.key);
    }
  }

  /** The one question before a write: the project, the import and each change, by name. */
  private async confirm(document: vscode.TextDocument, plan: ImportPlan): Promise<boolean> {
    const t = vscode.l10n.t;
    const act = plan.action === 'create' ? t('Create Import') : t('Apply Changes');
    const question = plan.action === 'create'
      ? t('Create a new import in Mixpanel project {0} from {1}?', this.projectName(plan.projectId), this.nameOf(document))
      : t('Change import {0} in Mixpanel project {1}?', plan.importId ?? '?', this.projectName(plan.projectId));
    const detail = [
      ...planLines(plan, t),
      '',
      plan.action === 'create' ? t('Mixpanel imports the table from its start: the events are billed.') : t('Only these fields are sent; the import stays paused or running as it is.'),
    ].join('\n');
    const choice = await vscode.window.showWarningMessage(inertText(question), { modal: true, detail: inertText(detail, 2_000) }, act);
    return choice === act;
  }

  /** Export to File: the live import, as the file that would create it, saved where the user says and opened. */
  async exportToFile(target: ImportTarget, label: string): Promise<vscode.Uri | undefined> {
    const t = vscode.l10n.t;
    let exported;
    try {
      exported = await this.deps.actions.exportImport(target);
    } catch (error) {
      throw importActionError(error, 'export', label, t);
    }
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
    await vscode.workspace.fs.writeFile(fileUri, new TextEncoder().encode(importFileText(exported.file)));
    this.deps.log.info(`Exported warehouse import ${target.warehouseImport.id} of project ${target.projectId} to ${fileUri.fsPath}.`);
    await vscode.window.showTextDocument(fileUri, { preview: false });
    return fileUri;
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
