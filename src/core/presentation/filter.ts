import { plainTranslate, Translate } from '../../shared/l10n';
import { SourceEntry, latestFailed } from '../engine/model';
import { SOURCE_KINDS } from '../sources';
import { kindModule } from '../sources/kind';
import { sourceName } from './presenters';

/** What the tree shows: all sources, only those whose newest run failed, and/or matching text. */
export interface SourceFilter {
  readonly failedOnly: boolean;
  readonly text: string;
}

export const NO_FILTER: SourceFilter = { failedOnly: false, text: '' };

export function isFiltering(filter: SourceFilter): boolean {
  return filter.failedOnly || filter.text.trim() !== '';
}

/** Case-insensitive on the name and on what the source's kind offers (a connector's bucket and prefix). */
export function matchesFilter(entry: SourceEntry, filter: SourceFilter): boolean {
  if (filter.failedOnly && !latestFailed(entry)) {
    return false;
  }
  const needle = filter.text.trim().toLowerCase();
  if (!needle) {
    return true;
  }
  const { source } = entry;
  return [sourceName(source, plainTranslate), ...kindModule(SOURCE_KINDS, source).searchable(source)]
    .some((haystack) => haystack?.toLowerCase().includes(needle));
}

/** The sentence shown above the tree while a filter is on. */
export function describeFilter(filter: SourceFilter, shown: number, total: number, t: Translate): string | undefined {
  if (!isFiltering(filter)) {
    return undefined;
  }
  const text = filter.text.trim();
  const what = filter.failedOnly && text
    ? t('Failed sources matching "{0}"', text)
    : filter.failedOnly ? t('Failed sources only') : t('Sources matching "{0}"', text);
  return t('{0}: {1} of {2}.', what, shown, total);
}
