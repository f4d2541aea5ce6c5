import { WarehouseSourceInfo } from '../../../mixpanel/types';
import { Translate } from '../../../shared/l10n';
import { inertText, TextLimit } from '../../text/format';
import { ImportActionError, ImportTarget } from './importActions';
import { adoptionOf, ApplyOutcome, ImportFileActions } from './importFileActions';
import { importActionError } from './importMessages';
import { changeText, planLines, planSummary } from './importPlanMessages';
import { fieldLocator, fieldRange, FileProblem, ImportFile, importFileText, Json, readImportFile, TextRange } from './importFiles/importFile';
import { ImportPlan } from './importFiles/plan';
import { blockingFindings, checkImportFile, RuleContext, RuleSeverity } from './importFiles/rules';

/**
 * Imports as code, from a door's point of view: a file's text goes in, and what to show comes out
 * in words: the rules' marks, a plan's title, summary and offer, every outcome of Apply with its
 * sentence. It keeps which plan was shown per file (Apply stops when the plan it makes differs) and
 * which files are being applied. A door only reads and saves files, asks the question and shows
 * what it is handed: the editor marks and opens the diff, a command line prints.
 */

/** A file as a door holds it: a key that names it for as long as it is open, its name and its text as saved. */
export interface FileRef {
  readonly key: string;
  readonly name: string;
  readonly text: string;
}

/** Something to mark on a file's field (or its start), worded. */
export interface FileMark {
  readonly range?: TextRange;
  readonly message: string;
  readonly severity: RuleSeverity;
  readonly code?: string;
  /** Who says it: "Mixpanel" for the rules and Mixpanel's refusals, "Mixpanel plan" for what a plan found. */
  readonly source: 'Mixpanel' | 'Mixpanel plan';
}

/** What a door may offer beside a notice. */
export type NoticeOffer =
  | { readonly kind: 'apply'; readonly label: string }
  /** Adopt the import Mixpanel already has: write these fields into the file, then plan again. */
  | { readonly kind: 'writeId'; readonly label: string; readonly fields: Json; readonly importId: number }
  | { readonly kind: 'showProblems'; readonly label: string };

export interface Notice {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly offer?: NoticeOffer;
}

/** A plan as a door shows it: Mixpanel's side as a file's text, a title, the marks of fields that cannot change, and its notice. */
export interface PlanView {
  readonly plan: ImportPlan;
  readonly title: string;
  readonly liveText: string;
  readonly notInPlace: readonly FileMark[];
  readonly notice: Notice;
  /** What the log keeps of it. */
  readonly logLine: string;
}

/** The one question before a write, worded: the project, the import and each change. */
export interface Confirmation {
  readonly question: string;
  readonly detail: string;
  readonly button: string;
}

/** What a door does for one Apply. */
export interface ApplyDoor {
  /** Saves the file if it has unsaved changes; the file as saved, or undefined when it could not be. */
  save(): Promise<FileRef | undefined>;
  /** Takes away what the last plan or Apply marked: this Apply is judged afresh. */
  clearMarks(): void;
  /** Errors the door itself found in the text (a JSON schema's, in an editor), beyond the rules. */
  otherErrors(): readonly string[];
  /** Asks the question; true to go on. */
  confirm(confirmation: Confirmation): Promise<boolean>;
  /** Runs the work while the door says `title`. */
  progress<T>(title: string, work: () => Promise<T>): Promise<T>;
}

/**
 * What an Apply came to, in the order a door carries it out: write `write` into the file (failing
 * with its sentence), set `marks` (an empty list clears them), open `open` with its own marks, show
 * Mixpanel's side of an open diff as `shownLive`, log, tell `notice`, and bring the imports into view.
 */
export interface ApplyResult {
  readonly write?: { readonly fields: Json; readonly importId: number; readonly failure: string };
  readonly open?: PlanView;
  readonly marks?: readonly FileMark[];
  readonly shownLive?: string;
  readonly logLine?: string;
  readonly notice?: Notice;
  readonly showImports?: boolean;
}

export interface ImportFileWorkflowPorts {
  readonly actions: ImportFileActions;
  /** The project's warehouse connections as the session knows them (asked at most once an hour); undefined when unknown. */
  connections(projectId: number): Promise<readonly WarehouseSourceInfo[] | undefined>;
  /** Whether the user watches the project: a file names any project it likes, and typing in it must not make the extension ask Mixpanel about others. */
  watched(projectId: number): boolean;
  /** The project's name, when known. */
  projectName(projectId: number): string | undefined;
  /** Whether the user trusts the workspace the files come from. */
  workspaceTrusted(): boolean;
  readonly t: Translate;
}

export class ImportFileWorkflow {
  /** The key of the plan last shown per file: Apply stops when the plan it makes differs. */
  private readonly shownPlans = new Map<string, string>();
  private readonly applying = new Set<string>();

  constructor(private readonly ports: ImportFileWorkflowPorts) {}

  /**
   * The plan a reviewer read of a file, made elsewhere (a command line's saved plan): Apply stops
   * unless the plan it makes is still this one.
   */
  reviewed(key: string, planKey: string): void {
    this.shownPlans.set(key, planKey);
  }

  /** A file is closed: the plan shown of it no longer holds an Apply back. */
  forget(key: string): void {
    this.shownPlans.delete(key);
  }

  /**
   * The rules' marks for a file, placed on their fields, with the warehouse's type when Mixpanel
   * says it. A text that is no import file gets the marks no JSON support can give (too large, a
   * key that hides others), and none otherwise: the editor's JSON support says what is wrong.
   */
  async check(ref: FileRef): Promise<readonly FileMark[]> {
    const read = readImportFile(ref.text);
    if ('problem' in read) {
      return read.problem.kind === 'tooLarge' || read.problem.kind === 'reservedKey'
        ? [{ message: this.problemMessage(ref, read.problem), severity: 'error', source: 'Mixpanel' }]
        : [];
    }
    const { t } = this.ports;
    const context = await this.ruleContext(read.file);
    const locate = fieldLocator(ref.text);
    return checkImportFile(read.file, context).map((finding) => ({
      range: locate([finding.field]),
      message: `${finding.rule.message(t, context)} ${finding.rule.reason(t)}`,
      severity: finding.severity,
      code: finding.rule.id,
      source: 'Mixpanel',
    }));
  }

  /** Show Plan: the plan of the file against Mixpanel now, as a door shows it; remembered as the plan shown. */
  async plan(ref: FileRef): Promise<PlanView> {
    const file = this.fileIn(ref);
    let plan: ImportPlan;
    try {
      plan = await this.ports.actions.plan(file);
    } catch (error) {
      throw this.failure(error, ref);
    }
    return this.shown(ref, plan, file);
  }

  /** "Planning orders.mixpanel-import.json…" */
  planningTitle(ref: Pick<FileRef, 'name'>): string {
    return this.ports.t('Planning {0}…', ref.name);
  }

  /**
   * Apply: never from an untrusted workspace (not even saved), one at a time per file in this
   * window (and per import across windows, in core's actions), the file as saved, the rules asked
   * again (a door's problem list may lag a keystroke behind), then planned again, confirmed and sent.
   */
  async apply(ref: Pick<FileRef, 'key' | 'name'>, door: ApplyDoor): Promise<ApplyResult> {
    const { t } = this.ports;
    if (!this.ports.workspaceTrusted()) {
      throw this.failure(new ImportActionError({ kind: 'untrusted' }), undefined);
    }
    if (this.applying.has(ref.key)) {
      return { notice: { level: 'info', message: t('{0} is being applied already.', ref.name) } };
    }
    this.applying.add(ref.key);
    try {
      return await this.applySaved(ref, door);
    } finally {
      this.applying.delete(ref.key);
    }
  }

  private async applySaved(unsaved: Pick<FileRef, 'key' | 'name'>, door: ApplyDoor): Promise<ApplyResult> {
    const { t } = this.ports;
    // What is applied is what a reviewer reads: the file as saved.
    const ref = await door.save();
    if (!ref) {
      throw new Error(t('Save {0} first.', unsaved.name));
    }
    door.clearMarks();
    const file = this.fileIn(ref);
    const context = await this.ruleContext(file);
    const errors = [...blockingFindings(checkImportFile(file, context)).map((finding) => finding.rule.message(t, context)), ...door.otherErrors()];
    if (errors.length > 0) {
      return {
        notice: {
          level: 'error',
          message: t('{0} has {1} problem(s) to fix before it can be applied: {2}', ref.name, errors.length, inertText(errors[0], TextLimit.pickDetail)),
          offer: { kind: 'showProblems', label: t('Show Problems') },
        },
      };
    }
    let outcome: ApplyOutcome;
    try {
      outcome = await door.progress(t('Applying {0} to Mixpanel…', ref.name),
        () => this.ports.actions.apply(file, this.shownPlans.get(ref.key), (plan) => door.confirm(this.confirmation(ref, plan))));
    } catch (error) {
      throw this.failure(error, ref);
    }
    return this.resultOf(ref, file, outcome);
  }

  private resultOf(ref: FileRef, file: ImportFile, outcome: ApplyOutcome): ApplyResult {
    const { t } = this.ports;
    switch (outcome.kind) {
      case 'stale':
        return {
          open: this.shown(ref, outcome.plan, file),
          notice: {
            level: 'warning',
            message: outcome.moved === 'file'
              ? t('Nothing was applied: {0} changed since the plan was shown. Read the new plan, then apply again.', ref.name)
              : t('Nothing was applied: the import in Mixpanel changed since the plan was shown. Read the new plan, then apply again.'),
          },
        };
      case 'blocked': {
        const open = this.shown(ref, outcome.plan, file);
        return { open, notice: open.notice };
      }
      case 'nothing':
        this.shownPlans.set(ref.key, outcome.plan.key);
        return { notice: { level: 'info', message: planSummary(outcome.plan, t) } };
      case 'cancelled':
        return {};
      case 'busy':
        return { notice: { level: 'info', message: t('{0} is being applied already, perhaps in another window. Wait for that Apply to end, then apply again.', ref.name) } };
      case 'rejected':
        return {
          marks: [{
            range: fieldRange(ref.text, outcome.field ? [outcome.field] : []),
            message: t('Mixpanel refused the import: {0}', outcome.message),
            severity: 'error',
            code: 'rejected',
            source: 'Mixpanel',
          }],
          notice: { level: 'error', message: t('Mixpanel refused {0}: {1}', ref.name, outcome.message) },
        };
      case 'created':
        return {
          // The id goes into the file at once and is saved: without it, the next Apply would make a second import.
          write: { fields: outcome.fileFields, importId: outcome.imported.id, failure: this.writeFailure(ref, outcome.imported.id) },
          marks: [],
          shownLive: this.afterApply(ref, outcome.after),
          logLine: `Created warehouse import ${outcome.imported.id} in project ${outcome.plan.projectId} from ${ref.key}.`,
          notice: { level: 'info', message: t('Created import {0} in project {1}. Its id is now in {2}.', outcome.imported.id, this.projectName(outcome.plan.projectId), ref.name) },
          showImports: true,
        };
      case 'updated':
        return {
          marks: [],
          shownLive: this.afterApply(ref, outcome.after),
          logLine: `Applied ${ref.key} to warehouse import ${outcome.imported.id} in project ${outcome.plan.projectId}.`,
          notice: { level: 'info', message: t('Applied to import {0}: {1}', outcome.imported.id, outcome.plan.changes.map((change) => changeText(change, t)).join('; ')) },
          showImports: true,
        };
    }
  }

  /** After Apply, a diff still open shows Mixpanel as it is now (no differences, once applied), and that is the plan shown. */
  private afterApply(ref: FileRef, after: ImportPlan): string | undefined {
    if (!this.shownPlans.has(ref.key)) {
      return undefined;
    }
    this.shownPlans.set(ref.key, after.key);
    return after.liveFile ? importFileText(after.liveFile) : '';
  }

  /** What to say when fields (a new or adopted id) could not be saved into the file. */
  writeFailure(ref: Pick<FileRef, 'name'>, importId: number): string {
    return this.ports.t('Mixpanel has import {0}, but {1} could not be saved with its id: add "import_id": {0} to the file by hand, or the next Apply creates another import.', importId, ref.name);
  }

  /** Export to File: the live import as the file that would create it, and the name proposed for it. */
  async exportImport(target: ImportTarget, label: string): Promise<{ readonly text: string; readonly fileName: string; readonly logLine: (where: string) => string }> {
    let exported;
    try {
      exported = await this.ports.actions.exportImport(target);
    } catch (error) {
      throw importActionError(error, 'export', label, this.ports.t);
    }
    return {
      text: importFileText(exported.file),
      fileName: exported.fileName,
      logLine: (where) => `Exported warehouse import ${target.warehouseImport.id} of project ${target.projectId} to ${where}.`,
    };
  }

  /** The file in a text, or an error that says what is wrong with it. */
  fileIn(ref: FileRef): ImportFile {
    const read = readImportFile(ref.text);
    if ('problem' in read) {
      throw new Error(this.problemMessage(ref, read.problem));
    }
    return read.file;
  }

  private shown(ref: FileRef, plan: ImportPlan, file: ImportFile): PlanView {
    const { t } = this.ports;
    this.shownPlans.set(ref.key, plan.key);
    const locate = fieldLocator(ref.text);
    const summary = planSummary(plan, t);
    const adoption = adoptionOf(plan, file);
    const canApply = plan.action !== 'none' && plan.blockers.length === 0 && this.ports.workspaceTrusted();
    const offer: NoticeOffer | undefined = canApply
      ? { kind: 'apply', label: t('Apply…') }
      : adoption ? { kind: 'writeId', label: t('Write Its Id into the File'), fields: adoption.fields, importId: adoption.importId } : undefined;
    return {
      plan,
      title: t('Plan: {0} (Mixpanel ↔ file): {1}', ref.name, inertText(summary, TextLimit.pickLabel)),
      liveText: plan.liveFile ? importFileText(plan.liveFile) : '',
      notInPlace: plan.changes.filter((change) => !change.inPlace).map((change) => ({
        range: locate([change.field]),
        message: t('Mixpanel cannot change "{0}" of an existing import: the plan stops here. A new import would import the table again (events may be counted twice, and are billed).', change.field),
        severity: 'warning',
        code: 'notInPlace',
        source: 'Mixpanel plan',
      })),
      notice: { level: plan.blockers.length > 0 ? 'warning' : 'info', message: summary, ...(offer ? { offer } : {}) },
      logLine: `Plan of ${ref.key}: ${planLines(plan, t).join(' | ')}`,
    };
  }

  private confirmation(ref: FileRef, plan: ImportPlan): Confirmation {
    const { t } = this.ports;
    return {
      button: plan.action === 'create' ? t('Create Import') : t('Apply Changes'),
      question: plan.action === 'create'
        ? t('Create a new import in Mixpanel project {0} from {1}?', this.projectName(plan.projectId), ref.name)
        : t('Change import {0} in Mixpanel project {1}?', plan.importId ?? '?', this.projectName(plan.projectId)),
      detail: [
        ...planLines(plan, t),
        '',
        plan.action === 'create' ? t('Mixpanel imports the table from its start: the events are billed.') : t('Only these fields are sent; the import stays paused or running as it is.'),
      ].join('\n'),
    };
  }

  private async ruleContext(file: ImportFile): Promise<RuleContext> {
    const connections = this.ports.watched(file.projectId) ? await this.ports.connections(file.projectId) : undefined;
    const byName = file.sourceName !== undefined ? connections?.find((connection) => connection.name === file.sourceName) : undefined;
    const connection = byName ?? connections?.find((candidate) => candidate.id === file.request.warehouse_source_id);
    return { warehouseType: connection?.warehouseType };
  }

  private projectName(projectId: number): string {
    const name = this.ports.projectName(projectId);
    return name ? this.ports.t('"{0}" ({1})', inertText(name, TextLimit.pickLabel), projectId) : String(projectId);
  }

  private failure(error: unknown, ref: Pick<FileRef, 'name'> | undefined): Error {
    return importActionError(error, 'apply', ref?.name ?? '', this.ports.t);
  }

  private problemMessage(ref: FileRef, problem: FileProblem): string {
    const { t } = this.ports;
    switch (problem.kind) {
      case 'notJson':
        return t('{0} is not valid JSON ({1} at line {2}).', ref.name, problem.code, lineAt(ref.text, problem.offset));
      case 'notAnObject':
        return t('{0} must hold one JSON object.', ref.name);
      case 'noProject':
        return t('{0} has no "project_id": the Mixpanel project the import belongs to.', ref.name);
      case 'tooLarge':
        return t('{0} is larger than an import file can be ({1} KB): it is not read.', ref.name, Math.round(problem.limit / 1024));
      case 'reservedKey':
        return t('{0} has a key "{1}", which a JSON reader takes for something other than a field: remove it.', ref.name, problem.key);
    }
  }
}

/** The line (from 1) of an offset in a text. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
  }
  return line;
}
