import { SourceEntry } from '../model/entries';
import { refText, SourceRef } from '../model/source';
import { sourceName } from '../presentation/presenters';
import { ImportActions, isImportTarget, quotaKey } from '../sources/warehouse/importActions';
import { importActionError, syncOutcomeNotice, syncQuotaText } from '../sources/warehouse/importMessages';
import { SyncQuota } from '../sources/warehouse/syncQuota';
import { PresentOptions } from '../text/runWords';
import { answer, dataText, refusal } from './answers';
import { AgentWrites } from './catalogue';

export interface ImportWritePorts {
  readonly actions: ImportActions;
  readonly quota: SyncQuota;
  source(ref: SourceRef): SourceEntry | undefined;
  present(): PresentOptions;
}

/**
 * The write tools over the same import actions the commands use: Sync Now counted against the
 * hour, Pause and Resume against the import as Mixpanel holds it now. The door has asked already
 * (a confirmation, or --allow-writes), so the actions' own question is answered yes.
 */
export function importWrites(ports: ImportWritePorts): AgentWrites {
  const targetOf = (ref: SourceRef) => {
    const source = ports.source(ref)?.source;
    return source && isImportTarget(source) ? source : undefined;
  };
  const gone = () => refusal('This import is no longer among the watched sources: call mixpanel_health again.');
  return {
    quota: (ref) => {
      const target = targetOf(ref);
      const options = ports.present();
      const state = target ? ports.quota.state(quotaKey(target)) : { left: 0 };
      return { left: state.left, text: syncQuotaText(state, options.t, options.now, options) };
    },
    syncNow: async (ref) => {
      const target = targetOf(ref);
      if (!target) {
        return gone();
      }
      const options = ports.present();
      const label = dataText(sourceName(target, options.t));
      let notice;
      try {
        const outcome = await ports.actions.syncNow(target, async () => true);
        notice = syncOutcomeNotice(outcome, target, label, options.t, (quota) => syncQuotaText(quota, options.t, Date.now(), options));
        if (outcome.kind !== 'started') {
          return refusal(notice?.message ?? 'Not sent.', { ref: refText(target) });
        }
      } catch (error) {
        return refusal(importActionError(error, 'sync', label, options.t).message, { ref: refText(target) });
      }
      return answer({ done: true, ref: refText(target), message: notice?.message, next: 'Follow the new run with mixpanel_source_runs.' });
    },
    setPaused: async (ref, paused) => {
      const target = targetOf(ref);
      if (!target) {
        return gone();
      }
      const options = ports.present();
      const label = dataText(sourceName(target, options.t));
      try {
        const updated = await ports.actions.setPaused(target, paused);
        return answer({
          done: true,
          ref: refText(target),
          paused: updated.paused,
          message: paused ? `Paused the warehouse import "${label}": it runs no more until resumed.` : `Resumed the warehouse import "${label}" on its schedule.`,
        });
      } catch (error) {
        return refusal(importActionError(error, paused ? 'pause' : 'resume', label, options.t).message, { ref: refText(target) });
      }
    },
  };
}
