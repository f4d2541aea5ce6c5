import { CloudImportConnector } from '../../../mixpanel/types';
import { Translate } from '../../../shared/l10n';
import { latestRun } from '../../model/entries';
import { nextLearnedLook } from '../../health/looks';
import { CloudImportSource, cloudImportSource } from '../../model/source';
import { formatLocalDateTime } from '../../text/format';
import { DisplayState, latestRunText, PresentOptions, stateWord } from '../../text/runWords';
import { EntryOfKind, SourceKindModule } from '../kind';

/**
 * Cloud Import connectors (GCS and S3), the older kind: removed from Mixpanel in November 2024, so
 * most projects answer 404 for them. A connector has no schedule the extension can see and no
 * action it can take; its own status (paused, with the reason) comes with the list.
 */

const DATA_FORMAT_NAMES: Record<string, string> = {
  mixpanel_event: 'Events (Mixpanel format)',
  mixpanel_people: 'User profiles (Mixpanel format)',
  mixpanel_group: 'Group profiles (Mixpanel format)',
  remap_event: 'Events (remapped)',
  remap_people: 'User profiles (remapped)',
  remap_group: 'Group profiles (remapped)',
};

function isConnectorPaused(connector: CloudImportConnector): boolean {
  return connector.status === 'paused' || connector.status === 'stopped';
}

function storageScheme(connector: CloudImportConnector): string {
  return connector.type === 's3Import' ? 's3' : 'gs';
}

/** The label, or `gs://bucket/prefix` / `s3://bucket/prefix` when it is empty, or the id. */
export function connectorName(connector: CloudImportConnector): string {
  if (connector.label) {
    return connector.label;
  }
  if (connector.bucket) {
    const prefix = (connector.prefix ?? '').replace(/^\/+/, '');
    return `${storageScheme(connector)}://${connector.bucket}${prefix ? `/${prefix}` : ''}`;
  }
  return connector.id;
}

export function connectorTypeName(connector: CloudImportConnector, t: Translate): string {
  switch (connector.type) {
    case 'gcsImport': return t('Google Cloud Storage import');
    case 's3Import': return t('Amazon S3 import');
    default: return connector.type;
  }
}

export function dataFormatName(format: string | undefined, t: Translate): string | undefined {
  return format === undefined ? undefined : Object.hasOwn(DATA_FORMAT_NAMES, format) ? t(DATA_FORMAT_NAMES[format]) : format;
}

interface KnownError {
  readonly pattern: RegExp;
  readonly hint: (connector: CloudImportConnector, options: PresentOptions) => string;
}

/** Errors of Cloud Import runs whose cause is known, with what to do about them. */
const KNOWN_ERRORS: KnownError[] = [
  {
    pattern: /no compression specified but gzip detected/i,
    hint: (connector, { t }) => {
      const advice = t('The connector\'s compression setting must match the files: create the connector again with compression "gzip" (connectors cannot be edited), or upload uncompressed files.');
      return connector.compression === 'gzip'
        ? t('The files are gzip-compressed, but this import was not told so.') + ' ' + advice
        : t('The files are gzip-compressed but the connector\'s compression setting is "{0}".', connector.compression ?? 'none') + ' ' + advice;
    },
  },
  {
    pattern: /gzip specified but|not in gzip format|invalid gzip/i,
    hint: (_connector, { t }) => t('The connector expects gzip-compressed files but the files are not. The compression setting must match the files: create the connector again with compression "none", or compress the files with gzip.'),
  },
  {
    pattern: /permission|access denied|forbidden|not authori[sz]ed/i,
    hint: (connector, { t }) => connector.type === 's3Import'
      ? t('Mixpanel could not read the bucket. Check that the IAM role {0} exists, trusts Mixpanel, and may list and read {1}.', connector.role ?? '?', connector.bucket ?? '?')
      : t('Mixpanel could not read the bucket. Grant Mixpanel\'s service account the Storage Object Viewer role on {0}.', connector.bucket ?? '?'),
  },
  {
    pattern: /malformed json|invalid json|unexpected end of input|parse error/i,
    hint: (connector, { t }) => t('A file could not be read as {0}. Check that every line of the files is one JSON object in the format the connector expects.', connector.dataFormat ?? 'JSON'),
  },
];

function present(facts: Array<[string, string | undefined]>): Array<[string, string]> {
  return facts.filter((fact): fact is [string, string] => fact[1] !== undefined && fact[1] !== '');
}

function displayState(entry: EntryOfKind<'cloudImport'>): DisplayState {
  return entry.source.connector.status === 'paused' ? 'paused-source' : latestRun(entry)?.status ?? 'no-runs';
}

export const cloudImportKind: SourceKindModule<'cloudImport'> = {
  kind: 'cloudImport',

  // The list says nothing of a connector's runs (no `runsMayHaveChanged`): they are read every time.
  reading: {
    async list(api, projectId, options) {
      return (await api.listConnectors(projectId, options)).map(cloudImportSource);
    },
    readRuns(api, source, options) {
      return api.listRuns(source.projectId, source.connector.id, options);
    },
    // No schedule to look by: once per the cadence its runs show, when one shows.
    nextScheduledLook: ({ source, runs }, lastLook, now) => isConnectorPaused(source.connector) ? undefined : nextLearnedLook(runs, lastLook, now),
  },
  // No schedule is visible: health may learn a cadence from the runs. Runs report progress, which a working run moves.
  health: {
    facts: ({ connector }) => ({
      paused: isConnectorPaused(connector),
      createdAt: connector.createdAt,
      reportsProgress: true,
    }),
  },
  // No writing: Mixpanel offers no action on a connector that the extension takes.

  kindName: (t) => t('Cloud Import connector'),
  noneHere: (t) => t('no Cloud Import connectors (Mixpanel answers 404 for them: Cloud Import was removed in 2024)'),
  countWords: (count, t) => count === 1 ? t('1 connector') : t('{0} connectors', count),
  name: (source) => connectorName(source.connector),
  spokenName: (source, t) => t('Connector {0}', connectorName(source.connector)),
  searchable: ({ connector }: CloudImportSource) => [connector.label, connector.bucket, connector.prefix],

  displayState,
  describe(entry, options) {
    const state = displayState(entry);
    const run = latestRun(entry);
    return run && state !== 'paused-source' ? latestRunText(run, options) : stateWord(state, options.t);
  },
  spokenDetails: (entry, t) => entry.source.connector.status === 'paused' ? [t('paused')] : [],
  facts({ connector }, options) {
    const { t } = options;
    return present([
      [t('Type'), connectorTypeName(connector, t)],
      [t('Bucket'), connector.bucket],
      [t('Prefix'), connector.prefix],
      [t('Bucket region'), connector.bucketRegion],
      [t('IAM role'), connector.role],
      [t('Data format'), dataFormatName(connector.dataFormat, t)],
      [t('Compression'), connector.compression ?? t('not set')],
      [t('Connector status'), connector.rawStatus ?? t('not reported')],
      [t('Created'), connector.createdAt !== undefined ? formatLocalDateTime(connector.createdAt, options) : undefined],
      [t('Created by'), connector.createdBy],
      [t('Connector ID'), connector.id],
    ]);
  },
  notes: ({ connector }, t) => connector.failureMessage ? [`${t('Paused because')}: ${connector.failureMessage}`] : [],
  factsHeading: (t) => t('Connector'),
  errorHint: (message, { connector }, options) => KNOWN_ERRORS.find((known) => known.pattern.test(message))?.hint(connector, options),
};
