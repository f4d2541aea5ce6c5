import Ajv, { ErrorObject } from 'ajv';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ApplyDoor, Confirmation, FileMark, FileRef, ImportFileWorkflow } from '../core/sources/warehouse/importFileWorkflow';
import { planLines } from '../core/sources/warehouse/importPlanMessages';
import { withFields } from '../core/sources/warehouse/importFiles/importFile';
import { IMPORT_FILE_SUFFIX } from '../core/sources/warehouse/importFiles/fileName';
import { ImportPlan } from '../core/sources/warehouse/importFiles/plan';
import { hasChanges, parsePlanDocument, PlanDocument, planDocument, PlannedFile, plannedFile, staleReason } from '../core/sources/warehouse/planDocument';
import { plainTranslate as t } from '../shared/l10n';
import { CliError, Connection, errorText, importFileSchema, workflowOf } from './headless';
import { warehouseSource } from '../core/model/source';
import { Palette, printable } from './terminal';

/**
 * `validate`, `plan` and `apply` over import files: the editor's workflow, with files read from
 * disk, marks printed as `file:line:column`, and the question asked on a terminal or answered by
 * a reviewed plan.
 */

/** Folders never searched for import files. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** A folder with more import files than this is probably not the one meant. */
const MAX_FILES = 1_000;

export interface FileOutput {
  readonly out: (text: string) => void;
  readonly warn: (text: string) => void;
  readonly palette: Palette;
}

/** The import files named: files as they are, folders searched for `*.mixpanel-import.json`; sorted, each once. */
export async function importFilesIn(targets: readonly string[]): Promise<string[]> {
  if (targets.length === 0) {
    throw new CliError(t('Name the import files, or a folder that holds them (*{0}).', IMPORT_FILE_SUFFIX));
  }
  const found = new Set<string>();
  const walk = async (folder: string): Promise<void> => {
    const entries = await fs.readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) {
        await walk(full);
      } else if (entry.isFile() && entry.name.endsWith(IMPORT_FILE_SUFFIX)) {
        found.add(full);
      }
      if (found.size > MAX_FILES) {
        throw new CliError(t('{0} holds more than {1} import files: name a smaller folder.', folder, MAX_FILES));
      }
    }
  };
  for (const target of targets) {
    const stat = await fs.stat(target).catch(() => undefined);
    if (!stat) {
      throw new CliError(t('{0} does not exist.', target));
    }
    if (stat.isDirectory()) {
      await walk(target);
    } else {
      found.add(target);
    }
  }
  if (found.size === 0) {
    throw new CliError(t('No import files (*{0}) in {1}.', IMPORT_FILE_SUFFIX, targets.join(', ')));
  }
  return [...found].map((file) => path.normalize(file)).sort();
}

export async function readRef(file: string): Promise<FileRef> {
  try {
    return { key: path.resolve(file), name: path.normalize(file), text: await fs.readFile(file, 'utf8') };
  } catch (error) {
    throw new CliError(t('{0} cannot be read: {1}', file, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

let validator: Promise<(value: unknown) => readonly ErrorObject[]> | undefined;

/** The JSON Schema's errors for a text, in words: what an editor would underline. */
async function schemaErrors(text: string): Promise<string[]> {
  validator ??= importFileSchema().then((schema) => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    return (value: unknown) => (validate(value) ? [] : validate.errors ?? []);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  return (await validator)(value).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}

export interface ValidateResult {
  readonly errors: number;
  readonly warnings: number;
}

/**
 * `validate`: each file's problems, `file:line:column: severity: message`. `online`: also what only
 * Mixpanel knows, from a plan: a warehouse source named that the project does not have, an
 * `import_id` it does not hold, a field its create request does not take.
 */
export async function validateFiles(files: readonly string[], workflow: ImportFileWorkflow, output: FileOutput & { online?: boolean }): Promise<ValidateResult> {
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const ref = await readRef(file);
    const lines: string[] = [];
    try {
      workflow.fileIn(ref);
    } catch (error) {
      lines.push(`${ref.name}: ${output.palette.red(t('error'))}: ${(error as Error).message}`);
      errors++;
    }
    if (lines.length === 0) {
      for (const message of await schemaErrors(ref.text)) {
        lines.push(`${ref.name}: ${output.palette.red(t('error'))}: ${t('schema: {0}', message)}`);
        errors++;
      }
      if (output.online) {
        const view = await workflow.plan(ref).catch((error: unknown) => { throw new CliError((error as Error).message); });
        for (const blocker of plannedFile(ref.name, view.plan, t).blockers.filter((candidate) => candidate.kind !== 'notInPlace')) {
          lines.push(`${ref.name}: ${output.palette.red(t('error'))}: ${printable(blocker.message)} [${blocker.kind}]`);
          errors++;
        }
      }
      const marks = await workflow.check(ref);
      for (const mark of marks) {
        const where = mark.range ? `:${lineAndColumn(ref.text, mark.range.offset)}` : '';
        const word = mark.severity === 'error' ? output.palette.red(t('error')) : output.palette.yellow(mark.severity === 'warning' ? t('warning') : t('note'));
        lines.push(`${ref.name}${where}: ${word}: ${printable(mark.message)}${mark.code ? ` [${mark.code}]` : ''}`);
        if (mark.severity === 'error') {
          errors++;
        } else {
          warnings++;
        }
      }
    }
    output.out(lines.length > 0 ? lines.join('\n') : `${ref.name}: ${output.palette.green(t('valid'))}`);
  }
  return { errors, warnings };
}

function sign(line: string, palette: Palette): string {
  return line.startsWith('+') ? palette.green(line) : line.startsWith('~') ? palette.yellow(line) : line.startsWith('!') || line.startsWith('✕') ? palette.red(line) : line;
}

/** A plan as Terraform shows one: the file and its summary, then one line per change. */
export function planText(name: string, plan: ImportPlan, palette: Palette): string {
  const planned = plannedFile(name, plan, t);
  return [`${palette.bold(name)}: ${printable(planned.summary)}`, ...planLines(plan, t).map((line) => `  ${sign(printable(line), palette)}`)].join('\n');
}

function totals(document: PlanDocument): string {
  const { create, update, unchanged, blocked } = document.summary;
  return t('Plan: {0} to create, {1} to change, {2} unchanged, {3} blocked.', create, update, unchanged, blocked);
}

/** `plan`: every file's plan against Mixpanel now. */
export async function planFiles(files: readonly string[], workflow: ImportFileWorkflow, output: FileOutput & { json: boolean }): Promise<PlanDocument> {
  const planned: PlannedFile[] = [];
  const texts: string[] = [];
  for (const file of files) {
    const ref = await readRef(file);
    const view = await workflow.plan(ref).catch((error: unknown) => { throw new CliError((error as Error).message); });
    planned.push(plannedFile(ref.name, view.plan, t));
    texts.push(planText(ref.name, view.plan, output.palette));
  }
  const document = planDocument(planned, Date.now());
  output.out(output.json ? JSON.stringify(document, null, 2) : [...texts, '', totals(document)].join('\n'));
  return document;
}

export async function readPlanDocument(file: string): Promise<PlanDocument> {
  const text = await fs.readFile(file, 'utf8').catch((error: unknown) => {
    throw new CliError(t('The plan {0} cannot be read: {1}', file, (error as NodeJS.ErrnoException).code ?? String(error)));
  });
  const parsed = parsePlanDocument(text);
  if ('problem' in parsed) {
    throw new CliError(t('{0} is not a plan this program made: {1}.', file, parsed.problem));
  }
  return parsed;
}

export interface ApplyOptions extends FileOutput {
  /** The reviewed plan: only it is applied. */
  readonly reviewed?: PlanDocument;
  /** Asks on the terminal; undefined when no one can answer. */
  readonly ask?: (confirmation: Confirmation) => Promise<boolean>;
}

/** What `apply` came to: whether everything asked was done. */
export interface ApplySummary {
  readonly ok: boolean;
  readonly applied: number;
}

/**
 * `apply`: with a reviewed plan, every file is planned again first and nothing is sent unless
 * each plan is still the reviewed one; then each file is applied as the editor applies it (planned
 * again, sent, its new id written back). Nothing is ever deleted.
 */
export async function applyFiles(files: readonly string[], workflow: ImportFileWorkflow, options: ApplyOptions): Promise<ApplySummary> {
  const { out, warn, palette } = options;
  const reviewed = new Map((options.reviewed?.files ?? []).map((file) => [path.resolve(file.path), file]));
  if (options.reviewed) {
    const blocked = options.reviewed.files.filter((file) => file.blockers.length > 0);
    if (blocked.length > 0) {
      throw new CliError(t('Nothing was applied: the reviewed plan has {0} blocked file(s), {1}. Fix them and make a new plan.', blocked.length, blocked.map((file) => file.path).join(', ')));
    }
    let stale = 0;
    for (const [key, planned] of reviewed) {
      const ref = await readRef(planned.path);
      const view = await workflow.plan(ref).catch((error: unknown) => { throw new CliError((error as Error).message); });
      if (view.plan.key !== planned.key) {
        stale++;
        warn(`${palette.red(t('Stale:'))} ${printable(staleReason(planned, view.plan, t))}\n${planText(ref.name, view.plan, palette)}`);
      }
      workflow.reviewed(key, planned.key);
    }
    if (stale > 0) {
      throw new CliError(t('Nothing was applied: {0} of {1} file(s) no longer plan as reviewed. Make and review a new plan.', stale, reviewed.size));
    }
    if (!hasChanges(options.reviewed)) {
      out(t('No changes: nothing to apply.'));
      return { ok: true, applied: 0 };
    }
  }
  let ok = true;
  let applied = 0;
  for (const file of files) {
    const planned = reviewed.get(path.resolve(file));
    if (options.reviewed && !planned) {
      warn(t('{0} is not in the reviewed plan: it is left as it is.', file));
      continue;
    }
    if (planned?.action === 'none') {
      continue;
    }
    const marks: FileMark[] = [];
    const door: ApplyDoor = {
      save: () => readRef(file),
      clearMarks: () => undefined,
      otherErrors: () => [],
      // A reviewed plan is the answer; without one, someone at a terminal is asked.
      confirm: (confirmation) => (options.reviewed ? Promise.resolve(true) : options.ask ? options.ask(confirmation) : Promise.resolve(true)),
      progress: (title, work) => {
        warn(palette.dim(title));
        return work();
      },
    };
    const ref = await readRef(file);
    const schema = await schemaErrors(ref.text);
    if (schema.length > 0) {
      warn(`${ref.name}: ${palette.red(t('error'))}: ${t('schema: {0}', schema[0])}`);
      ok = false;
      continue;
    }
    let result;
    try {
      result = await workflow.apply(ref, door);
    } catch (error) {
      warn(`${ref.name}: ${palette.red(t('error'))}: ${printable((error as Error).message)}`);
      ok = false;
      continue;
    }
    if (result.write) {
      try {
        const current = await fs.readFile(file, 'utf8');
        await fs.writeFile(file, withFields(current, result.write.fields));
      } catch {
        warn(`${ref.name}: ${palette.red(t('error'))}: ${printable(result.write.failure)}`);
        ok = false;
      }
    }
    marks.push(...(result.marks ?? []));
    for (const mark of marks) {
      warn(`${ref.name}: ${palette.red(t('error'))}: ${printable(mark.message)}`);
    }
    if (result.open) {
      warn(planText(ref.name, result.open.plan, palette));
    }
    if (result.notice) {
      const line = `${ref.name}: ${printable(result.notice.message)}`;
      if (result.notice.level === 'info') {
        out(line);
      } else {
        warn(line);
        ok = false;
      }
    }
    if (result.showImports) {
      applied++;
    }
  }
  return { ok, applied };
}

/** `export`: the import as a file, named after its table in a folder, or at the path given; never over an existing file. */
export async function exportImport(connection: Connection, projectId: number, importId: number, where: string): Promise<string> {
  let live;
  try {
    live = await connection.client.getWarehouseImport(projectId, importId);
  } catch (error) {
    throw new CliError(t('Could not read import {0} of project {1}: {2}', importId, projectId, errorText(error)));
  }
  const workflow = workflowOf(connection);
  const exported = await workflow.exportImport(warehouseSource(live), String(importId)).catch((error: unknown) => { throw new CliError((error as Error).message); });
  const stat = await fs.stat(where).catch(() => undefined);
  const file = stat?.isDirectory() || where.endsWith('/') ? path.join(where, exported.fileName) : where;
  await fs.mkdir(path.dirname(file), { recursive: true });
  try {
    await fs.writeFile(file, exported.text, { flag: 'wx' });
  } catch (error) {
    throw new CliError((error as NodeJS.ErrnoException).code === 'EEXIST'
      ? t('{0} exists already: it is not replaced. Name another file with --out.', file)
      : t('{0} could not be written: {1}', file, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
  return file;
}
