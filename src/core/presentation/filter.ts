import { Translate } from '../../shared/l10n';
import { ConnectorEntry, latestFailed } from '../engine/model';
import { connectorLabel } from './presenters';

/** What the tree shows: all connectors, only those whose newest run failed, and/or matching text. */
export interface ConnectorFilter {
  readonly failedOnly: boolean;
  readonly text: string;
}

export const NO_FILTER: ConnectorFilter = { failedOnly: false, text: '' };

export function isFiltering(filter: ConnectorFilter): boolean {
  return filter.failedOnly || filter.text.trim() !== '';
}

/** Case-insensitive on the label (or its bucket form), the bucket and the prefix. */
export function matchesFilter(entry: ConnectorEntry, filter: ConnectorFilter): boolean {
  if (filter.failedOnly && !latestFailed(entry)) {
    return false;
  }
  const needle = filter.text.trim().toLowerCase();
  if (!needle) {
    return true;
  }
  const { connector } = entry;
  return [connector.label, connectorLabel(connector), connector.bucket, connector.prefix]
    .some((haystack) => haystack?.toLowerCase().includes(needle));
}

/** The sentence shown above the tree while a filter is on. */
export function describeFilter(filter: ConnectorFilter, shown: number, total: number, t: Translate): string | undefined {
  if (!isFiltering(filter)) {
    return undefined;
  }
  const text = filter.text.trim();
  const what = filter.failedOnly && text
    ? t('Failed connectors matching "{0}"', text)
    : filter.failedOnly ? t('Failed connectors only') : t('Connectors matching "{0}"', text);
  return t('{0}: {1} of {2}.', what, shown, total);
}
