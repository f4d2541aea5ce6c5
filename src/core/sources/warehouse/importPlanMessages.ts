import { Translate } from '../../../shared/l10n';
import { FieldChange, ImportPlan, PlanBlocker } from './importFiles/plan';
import { scheduleWord } from './warehouseKind';

/** What a plan says, in words: the summary line, one line per change, and what is in the way. */

const VALUE_LIMIT = 60;

function valueText(field: string, value: unknown, t: Translate): string {
  if (value === undefined) {
    return t('(none)');
  }
  if (field === 'run_every' && typeof value === 'number') {
    return scheduleWord(value, t);
  }
  const text = JSON.stringify(value);
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT - 1)}…` : text;
}

/** A field as a person calls it: the schedule and the table by those words, the rest by the file's name. */
export function fieldWord(field: string, t: Translate): string {
  switch (field) {
    case 'run_every': return t('schedule');
    case 'table_params': return t('table');
    case 'warehouse_source_id': return t('warehouse source');
    case 'sync_mode': return t('sync mode');
    case 'import_type': return t('import type');
    default: return field;
  }
}

/** `schedule: daily → hourly`, or `table: cannot change in place`. */
export function changeText(change: FieldChange, t: Translate): string {
  return change.inPlace
    ? t('{0}: {1} → {2}', fieldWord(change.field, t), valueText(change.field, change.before, t), valueText(change.field, change.after, t))
    : t('{0}: cannot change in place ({1} → {2})', fieldWord(change.field, t), valueText(change.field, change.before, t), valueText(change.field, change.after, t));
}

export function blockerText(blocker: PlanBlocker, t: Translate): string {
  switch (blocker.kind) {
    case 'notInPlace':
      return t('Mixpanel cannot change {0} of an existing import. To change it, create a new import instead (remove "import_id" from the file and apply it): Mixpanel imports the whole table again, so events may be counted twice, and they are billed. Then delete the old import. Or set the field back to what Mixpanel has.',
        blocker.fields.map((field) => fieldWord(field, t)).join(', '));
    case 'importGone':
      return t('Import {0} is not in this project: it was deleted, or the file was copied from another project. To create it anew, remove "import_id" from the file.', blocker.importId);
    case 'sourceNotFound':
      return t('The project has no warehouse source named "{0}". Connect it in Mixpanel (Project Settings → Warehouse Sources), or fix "warehouse_source_name".', blocker.name);
    case 'notCreatable':
      return blocker.importType === ''
        ? t('The file has no "import_type".')
        : t('Mixpanel cannot create an import of type "{0}".', blocker.importType);
    case 'scheduleUnknown':
      return t('Mixpanel gave the import a schedule the extension cannot send back: set "run_every" in the file to one of the four schedules.');
    case 'unknownFields':
      return t('Mixpanel\'s create request has no field {0}: check the spelling (completion in the editor lists the fields).', blocker.fields.map((field) => `"${field}"`).join(', '));
    case 'existsAs':
      return t('This import exists in Mixpanel as import {0} (same type, warehouse source and table), perhaps from an earlier Apply whose answer was lost. Write its id into the file to manage it from here; creating it again would import the table twice.', blocker.importId);
  }
}

/** The summary line, Terraform's way: `1 to create`, `1 to change: schedule: daily → hourly`, `No changes`. */
export function planSummary(plan: ImportPlan, t: Translate): string {
  const blocked = plan.blockers.find((blocker) => blocker.kind !== 'notInPlace');
  if (blocked) {
    return t('Cannot be applied: {0}', blockerText(blocked, t));
  }
  const lines = plan.changes.map((change) => changeText(change, t));
  switch (plan.action) {
    case 'create':
      return t('1 to create');
    case 'none':
      return t('No changes: the import in Mixpanel is as the file says.');
    case 'update':
      return plan.blockers.length > 0
        ? t('Cannot be applied: {0}', lines.join('; '))
        : t('1 to change: {0}', lines.join('; '));
  }
}

/** Notes beside the changes: a source found by its name, sources that could not be read. */
export function planNotes(plan: ImportPlan, t: Translate): string[] {
  const notes: string[] = [];
  if (plan.source && plan.source.idInFile !== plan.source.id) {
    notes.push(plan.source.idInFile === undefined
      ? t('Warehouse source "{0}" is {1} in this project.', plan.source.name, plan.source.id)
      : t('Warehouse source "{0}" is {1} in this project (the file says {2}): {1} is used.', plan.source.name, plan.source.id, plan.source.idInFile));
  }
  if (plan.sourcesUnread) {
    notes.push(t('The project\'s warehouse sources could not be read, so "warehouse_source_id" is used as the file says it.'));
  }
  return notes;
}

/** Everything the plan says, one line each: for the modal, the log and a test. */
export function planLines(plan: ImportPlan, t: Translate): string[] {
  const changes = plan.action === 'create'
    ? [t('+ a new {0} import', String(plan.request?.import_type ?? '?'))]
    : plan.changes.map((change) => `${change.inPlace ? '~' : '!'} ${changeText(change, t)}`);
  return [...changes, ...plan.blockers.map((blocker) => `✕ ${blockerText(blocker, t)}`), ...planNotes(plan, t)];
}
