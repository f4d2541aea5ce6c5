import { isDocumentedSchedule } from '../../../../mixpanel/warehouse';
import { Translate } from '../../../../shared/l10n';
import { ImportFile, Json } from './importFile';

/**
 * Mixpanel's rules for an import that its request schema does not say, from its documentation
 * ("Warehouse Connectors", "Sync with Mirror"): one table, each rule with the field it is placed
 * on and the documentation's reason. The schema checks shapes and types; these check what makes
 * Mixpanel refuse the import, or makes it import wrong.
 */

export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint';

/** What the rules may know beyond the file: the warehouse's type, and whether the project is B2B. */
export interface RuleContext {
  /** Lower case, as the sources endpoint says (`bigquery`, `snowflake`, `postgres`…); undefined when unknown. */
  readonly warehouseType?: string;
  /** Undefined: the extension cannot tell (Mixpanel's API does not say). */
  readonly b2b?: boolean;
}

export interface ImportRule {
  readonly id: string;
  readonly severity: (context: RuleContext) => RuleSeverity;
  /** The field the finding is shown on. */
  readonly field: (request: Readonly<Json>) => string;
  readonly violated: (file: ImportFile, context: RuleContext) => boolean;
  /** What is wrong, then why (the documentation's reason). */
  readonly message: (t: Translate, context: RuleContext) => string;
  readonly reason: (t: Translate) => string;
}

const MIRROR = 'mirror_mode';
const isMirror = (request: Readonly<Json>) => request.sync_mode === MIRROR;
const isEvents = (request: Readonly<Json>) => request.import_type === 'event_stream';
const named = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const warehouseIs = (context: RuleContext, ...types: string[]) => context.warehouseType !== undefined && types.includes(context.warehouseType);

export const IMPORT_RULES: readonly ImportRule[] = [
  {
    id: 'mirrorNotOnPostgres',
    severity: () => 'error',
    field: () => 'sync_mode',
    violated: ({ request }, context) => isMirror(request) && warehouseIs(context, 'postgres', 'postgresql'),
    message: (t) => t('Mirror is not available on PostgreSQL.'),
    reason: (t) => t('Mixpanel\'s documentation: Mirror works on Snowflake, BigQuery, Databricks and Redshift, whose change history it reads; PostgreSQL has none it can use. Use Append (time_based) with an insert time column.'),
  },
  {
    id: 'mirrorNotOnViews',
    // The extension cannot see whether the table is a view: a reminder, not an error.
    severity: () => 'information',
    field: () => 'table_params',
    violated: ({ request }, context) => isMirror(request) && warehouseIs(context, 'bigquery', 'databricks'),
    message: (t, context) => t('Mirror needs a table, not a view, on {0}.', context.warehouseType === 'bigquery' ? 'BigQuery' : 'Databricks'),
    reason: (t) => t('Mixpanel\'s documentation: Mirror is not available on BigQuery or Databricks views, which keep no change history. Point it at a table, or use Append.'),
  },
  {
    id: 'mirrorNeedsChangeTracking',
    severity: () => 'warning',
    field: () => 'sync_mode',
    violated: ({ request }, context) => isMirror(request) && warehouseIs(context, 'snowflake', 'databricks'),
    message: (t, context) => context.warehouseType === 'snowflake'
      ? t('Mirror on Snowflake needs change tracking on the table (ALTER TABLE … SET CHANGE_TRACKING = TRUE).')
      : t('Mirror on Databricks needs the Change Data Feed on the table (delta.enableChangeDataFeed = true).'),
    reason: (t) => t('Mixpanel\'s documentation: Mirror computes what changed from the table\'s change history; without it the sync fails. The extension cannot see the warehouse, so check the table yourself.'),
  },
  {
    id: 'lookupTableSyncMode',
    severity: () => 'error',
    field: () => 'sync_mode',
    violated: ({ request }) => request.import_type === 'lookup_table' && request.sync_mode !== undefined && request.sync_mode !== 'full_sync' && request.sync_mode !== 'one_time',
    message: (t) => t('A lookup table syncs only as Full (full_sync) or One-Time (one_time).'),
    reason: (t) => t('Mixpanel\'s documentation: a lookup table replaces its rows on each sync, so it has no Append or Mirror.'),
  },
  {
    id: 'fullSyncNotForEvents',
    severity: () => 'warning',
    field: () => 'sync_mode',
    violated: ({ request }) => isEvents(request) && request.sync_mode === 'full_sync',
    message: (t) => t('Full sync is not offered for events.'),
    reason: (t) => t('Mixpanel\'s documentation offers Full for lookup tables, users and groups: events are never replaced, so each Full run would import every row again (billed, and counted twice). Use Append or Mirror.'),
  },
  {
    id: 'eventNameOrColumn',
    severity: () => 'error',
    field: (request) => (named(request.event_name) && named(request.event_column_name) ? 'event_column_name' : 'import_type'),
    violated: ({ request }) => isEvents(request) && named(request.event_name) === named(request.event_column_name),
    message: (t) => t('An events import names its event by either "event_name" (one name for every row) or "event_column_name" (a column), not both and not neither.'),
    reason: (t) => t('Mixpanel\'s documentation: every event needs a name, from one place.'),
  },
  {
    id: 'runEveryDocumented',
    severity: () => 'error',
    field: () => 'run_every',
    violated: ({ request }) => request.run_every !== undefined && !isDocumentedSchedule(request.run_every),
    message: (t) => t('"run_every" must be 0 (on demand), 3600000000000 (hourly), 86400000000000 (daily) or 604800000000000 (weekly): nanoseconds.'),
    reason: (t) => t('Mixpanel\'s API accepts only these four schedules; the web app\'s others (such as every 5 minutes) cannot be set through it.'),
  },
  {
    id: 'companyColumnForB2B',
    // Mixpanel's API does not say whether a project is B2B: a hint, unless it is known.
    severity: (context) => (context.b2b === true ? 'error' : 'hint'),
    field: () => 'import_type',
    violated: ({ request }, context) => isEvents(request) && context.b2b !== false && !named(request.company_column_name),
    message: (t) => t('A B2B project needs "company_column_name" on an events import.'),
    reason: (t) => t('Mixpanel\'s documentation: in a B2B project every event belongs to a company, named by this column.'),
  },
  {
    id: 'eventSyncNotCreatable',
    severity: () => 'error',
    field: () => 'import_type',
    violated: (file) => file.request.import_type === 'event_sync' && file.importId === undefined,
    message: (t) => t('Mixpanel cannot create an "event_sync" import: use "event_stream".'),
    reason: (t) => t('Mixpanel\'s API has create operations for event_stream, people, groups and lookup_table only; an existing event_sync import can only have its schedule changed.'),
  },
];

export interface RuleFinding {
  readonly rule: ImportRule;
  readonly severity: RuleSeverity;
  readonly field: string;
}

export function checkImportFile(file: ImportFile, context: RuleContext): RuleFinding[] {
  return IMPORT_RULES.filter((rule) => rule.violated(file, context))
    .map((rule) => ({ rule, severity: rule.severity(context), field: rule.field(file.request) }));
}

/** The findings that stop an Apply. */
export function blockingFindings(findings: readonly RuleFinding[]): RuleFinding[] {
  return findings.filter((finding) => finding.severity === 'error');
}
