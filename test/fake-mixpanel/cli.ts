import { FakeMixpanel } from './fakeMixpanel';
import { addGeneratedProject, addSampleProject, addWarehouseSample, MovingScenario } from './scenarios';

/**
 * Runs the fake Mixpanel on its own:
 *   npm run fake-mixpanel -- [--port 8123] [--scenario demo|samples|large] [--latency 120] [--speed 1]
 * `demo` moves its runs on over time (queued, running, then success or failure).
 */

export const DEMO_PROJECT_ID = 3141592;

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

export async function startScenario(scenario: string, port: number, latencyMs: number, speed = 1): Promise<FakeMixpanel> {
  const server = new FakeMixpanel({ baseLatencyMs: latencyMs });
  seedScenario(server, scenario, speed);
  await server.start(port);
  return server;
}

/** Fills a server (not yet started) with a scenario: `samples`, `large`, or the moving `demo`. */
export function seedScenario(server: FakeMixpanel, scenario: string, speed = 1): void {
  if (scenario === 'samples') {
    addWarehouseSample(addSampleProject(server));
  } else if (scenario === 'large') {
    addGeneratedProject(server, 2002, 50, 40, 5);
  } else {
    const project = server.addProject({ id: DEMO_PROJECT_ID, name: 'Acme Web (demo)' });
    // The scenario's clock starts with the first request, so the story begins when VS Code looks.
    let moving: MovingScenario | undefined;
    server.beforeAnswer = () => {
      moving ??= new MovingScenario(project, Date.now(), speed, (importId) => server.manualRuns.get(importId) ?? []);
      moving.update();
    };
    addWarehouseSample(addSampleProject(server));
  }
}

async function main(): Promise<void> {
  const scenario = option('scenario', 'demo');
  const server = await startScenario(scenario, Number(option('port', '8123')), Number(option('latency', '120')), Number(option('speed', '1')));
  console.log(`Fake Mixpanel (${scenario}) at ${server.baseUrl}`);
  console.log(`  service account username: ${server.username}`);
  console.log(`  service account secret:   ${server.secret}`);
  console.log(`  projects: ${[...server.projects.values()].map((project) => `${project.id} (${project.name})`).join(', ')}`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => { void server.stop().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
