import { performance } from 'perf_hooks';
import { AgentPorts, agentTool, invokeTool } from '../../src/core/agents/catalogue';
import { Refresher } from '../../src/core/engine/refresher';
import { SourceStore } from '../../src/core/engine/store';
import { DEFAULT_THRESHOLDS, HealthContext } from '../../src/core/health/judgement';
import { HealthMonitor } from '../../src/core/health/monitor';
import { SourceRef, sourceKey } from '../../src/core/model/source';
import { SOURCE_HEALTH, SOURCE_READERS } from '../../src/core/sources';
import { Run } from '../../src/mixpanel/types';
import { plainTranslate as t } from '../../src/shared/l10n';
import { addGeneratedProject } from '../fake-mixpanel/scenarios';
import { InMemoryMixpanel } from '../unit/core/inMemoryMixpanel';
import { Figure, percentile, printFigures, runBench } from './report';

/**
 * How long an agent waits for a read tool in the editor: 50 sources, each with the 30 runs the
 * API lists and 1,000 more kept from earlier looks, judged by the health monitor, as the extension
 * holds them. Each tool is called 200 times after a warm-up; the figures are the median and the
 * 95th percentile in milliseconds, and the requests the calls sent (goal: none).
 */

const SOURCES = 50;
const KEPT_RUNS = 1_000;
const CALLS = 200;
const HOUR = 3_600_000;

function keptRunsOf(ref: SourceRef, newest: number): Run[] {
  return Array.from({ length: KEPT_RUNS }, (_, index) => {
    const start = newest - (31 + index) * HOUR;
    return { key: `${ref.id}/${start}/0`, status: 'success', rawStatus: 'success', startTime: start, endTime: start + 300_000, counters: { num_events_imported: 1_000 + (index % 7) * 10 }, raw: {} } as Run;
  });
}

async function main(): Promise<void> {
  const api = new InMemoryMixpanel();
  addGeneratedProject(api.data, 3001, SOURCES, 30);
  const store = new SourceStore();
  const refresher = new Refresher(store, SOURCE_READERS, {});
  refresher.setApi(api);
  store.setProjects([3001]);
  await refresher.refreshAll();
  const kept = new Map(store.allProjects[0].sources.map((entry) => [sourceKey(entry.source), keptRunsOf(entry.source, Date.now())]));
  const context: HealthContext = { warehouseConnection: () => undefined };
  const monitor = new HealthMonitor({ store, health: SOURCE_HEALTH, context, thresholds: () => DEFAULT_THRESHOLDS, now: Date.now, keptRuns: (ref) => kept.get(sourceKey(ref)), defer: (judge) => judge() });
  monitor.evaluate();
  const ports: AgentPorts = {
    reads: {
      healthInput: () => ({ projects: store.allProjects, findingsOf: (ref) => monitor.findings(ref), keptRuns: (ref) => kept.get(sourceKey(ref)), context }),
      region: () => 'us',
      present: () => ({ t, now: Date.now(), locale: 'en-US' }),
    },
  };
  const someSource = `3001/cloudImport/${store.allProjects[0].sources[25].source.id}`;
  const calls: Array<[string, string, object]> = [
    ['agent_health_ms', 'mixpanel_health', { limit: 50 }],
    ['agent_source_runs_ms', 'mixpanel_source_runs', { source: someSource, limit: 50 }],
    ['agent_run_details_ms', 'mixpanel_run_details', { source: someSource }],
  ];
  api.clearRequests();
  const figures: Figure[] = [];
  for (const [figure, name, input] of calls) {
    const tool = agentTool(name)!;
    for (let warm = 0; warm < 20; warm++) {
      await invokeTool(tool, input, ports);
    }
    const times: number[] = [];
    let bytes = 0;
    for (let call = 0; call < CALLS; call++) {
      const started = performance.now();
      const answer = await invokeTool(tool, input, ports);
      times.push(performance.now() - started);
      bytes = Math.max(bytes, Buffer.byteLength(answer.text));
      if (answer.isError) {
        throw new Error(`${name} refused: ${answer.text}`);
      }
    }
    figures.push([figure, Number(percentile(times, 0.5).toFixed(2)), `${name}: median ms with ${SOURCES} sources, ${KEPT_RUNS} kept runs each (goal ≤ 50)`]);
    figures.push([figure.replace('_ms', '_p95_ms'), Number(percentile(times, 0.95).toFixed(2)), `${name}: 95th percentile ms`]);
    figures.push([figure.replace('_ms', '_bytes'), bytes, `${name}: the answer's size (bound 8,192)`]);
  }
  figures.push(['agent_read_requests', api.requests.length, 'requests the read tools sent (goal: 0)']);
  printFigures(figures);
  monitor.dispose();
  refresher.dispose();
}

runBench(main);
