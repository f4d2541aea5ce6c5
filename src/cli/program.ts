import { promises as fs } from 'fs';
import * as readline from 'readline';
import { parseArgs, ParseArgsConfig } from 'util';
import { FINDING_KINDS, FindingKind } from '../core/health/judgement';
import { parseSnoozeUntil, snoozeUntilWords, withSnooze } from '../core/health/snooze';
import { isSourceKind, refText, SourceRef } from '../core/model/source';
import { formatLocalDateTime } from '../core/text/format';
import { Confirmation } from '../core/sources/warehouse/importFileWorkflow';
import { plainTranslate as t } from '../shared/l10n';
import { accountFrom, CliError, connect, Connection, errorText, VERSION, Where, workflowOf } from './headless';
import { HealthFormat, readState, runHealth, saveState } from './health';
import { applyFiles, exportImport, importFilesIn, planFiles, readPlanDocument, validateFiles } from './importFiles';
import { NotifyTarget, parseTarget } from './notify';
import { paletteFor, printable, Streams } from './terminal';

/**
 * `mixpanel-imports`: health, validate, plan, apply, export and snooze, for CI and cron. Exit codes: 0 all
 * well (or no changes), 2 something needs attention (or the plan has changes), 1 an error.
 */

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_ATTENTION = 2;

export interface ProgramIo extends Streams {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether someone at a terminal can answer a question. */
  readonly interactive: boolean;
  readonly stdin?: NodeJS.ReadableStream;
  readonly now?: () => number;
}

const CONNECTION_OPTIONS = {
  region: { type: 'string' },
  'api-base-url': { type: 'string' },
  project: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const CONNECTION_HELP = `Connection:
  --project ID           A project to watch (repeat, or MIXPANEL_PROJECT_IDS=1,2); every project the account sees by default
  --region us|eu|in      The data residency region (or MIXPANEL_REGION); found by asking when unset
  --api-base-url URL     A proxy or test server instead of Mixpanel (or MIXPANEL_API_BASE_URL): https, or http on this machine
  --concurrency N        Requests in flight at once, 1 to 16 (default 4)
  --verbose              Each request, on stderr (never the secret)

Credentials: MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET (a service account).`;

const EXIT_HELP = `Exit codes:
  0  all is well (health), no changes (plan), applied or nothing to apply (apply), valid (validate)
  2  something needs attention (health), the plan has changes (plan)
  1  an error: bad input, Mixpanel or the network failed, a plan is blocked or stale, a notification failed`;

const HELP: Record<string, string> = {
  main: `mixpanel-imports ${VERSION}: watch Mixpanel imports and keep them as code, from CI and cron.

Usage: mixpanel-imports <command> [options]

Commands:
  health     Judge every import's health; alert Slack or a webhook when it changes
  validate   Check import files against the schema and Mixpanel's rules
  plan       Show what applying import files would change in Mixpanel
  apply      Apply a reviewed plan (or, with --auto-approve, the files as they are)
  export     Write an import Mixpanel has as an import file, to keep it as code
  snooze     Quiet a source's findings for a while, in a state file
  mcp        Serve the import tools to agents over MCP on stdio (Claude Code, Cursor, …)

Run "mixpanel-imports <command> --help" for a command's options.
Environment: NO_COLOR turns colour off; colour is only used on a terminal.

${EXIT_HELP}`,
  health: `Usage: mixpanel-imports health [options]

Refreshes every watched project once and judges each import as the VS Code extension does:
late, stale, stuck, empty or unusual volume, Mirror deadlines, failed runs.

Options:
  --format table|markdown|json   Output (default: table)
  --state FILE                   Keep run history, announced findings and snoozes between runs
  --notify slack:URL             Post changes to a Slack incoming webhook (repeatable)
  --notify webhook:URL           Post changes as JSON to any webhook (repeatable)

Only a change is announced: a finding that started, or one that ended. A run that finds the same
as the last sends nothing. Without --state, every finding counts as new.

${CONNECTION_HELP}

${EXIT_HELP}

Examples:
  mixpanel-imports health
  mixpanel-imports health --format markdown > health.md
  mixpanel-imports health --state .mixpanel/state.json --notify "slack:$SLACK_WEBHOOK_URL"`,
  validate: `Usage: mixpanel-imports validate FILES|FOLDER... [--online]

Checks import files (*.mixpanel-import.json) against the JSON Schema and Mixpanel's rules,
offline. --online also asks Mixpanel what only it knows (warehouse source names and types).

${CONNECTION_HELP}

Exit codes: 0 valid (warnings allowed), 1 an error in a file, or a failure.

Examples:
  mixpanel-imports validate imports/
  mixpanel-imports validate imports/orders.mixpanel-import.json --online`,
  plan: `Usage: mixpanel-imports plan FILES|FOLDER... [--json] [--out plan.json]

Plans each import file against the import Mixpanel holds now, as Show Plan does in the editor.

Options:
  --json           The plan as JSON (schema mixpanel-imports/plan, version 1)
  --out FILE       Also record the plan, with what it was made from, for "apply --plan FILE"

${CONNECTION_HELP}

Exit codes: 0 no changes, 2 changes to apply, 1 an error or a blocked plan.

Examples:
  mixpanel-imports plan imports/
  mixpanel-imports plan imports/ --out plan.json --json > plan-for-review.json`,
  apply: `Usage: mixpanel-imports apply --plan plan.json [FILES|FOLDER...]
       mixpanel-imports apply --auto-approve FILES|FOLDER...

Applies import files to Mixpanel. With --plan, every file is planned again first and nothing is
sent unless each plan is still the one reviewed. A created import's id is written into its file.
Nothing is ever deleted. Without --plan or --auto-approve, a terminal is asked; a shell that cannot
answer is refused.

Options:
  --plan FILE       The reviewed plan, from "plan --out FILE"
  --auto-approve    Apply what the files say now, without a reviewed plan or a question

${CONNECTION_HELP}

Exit codes: 0 applied (or nothing to apply), 1 an error, a refusal, or a plan that changed.

Examples:
  mixpanel-imports apply --plan plan.json
  mixpanel-imports apply --auto-approve imports/orders.mixpanel-import.json`,
  export: `Usage: mixpanel-imports export PROJECT_ID IMPORT_ID [--out FILE|FOLDER]

Writes a warehouse import as the import file that would create it, as Export to File does in the
editor: named after its table in FOLDER (default: here), or FILE. An existing file is not replaced.

${CONNECTION_HELP}

Exit codes: 0 written, 1 an error.

Examples:
  mixpanel-imports export 1234 40123 --out imports/`,
  snooze: `Usage: mixpanel-imports snooze SOURCE --until WHEN --state FILE [--finding KIND]
       mixpanel-imports snooze --list --state FILE

Quiets a source's findings: shown as snoozed, counted as well, announced by no one.

  SOURCE           PROJECT/KIND/ID as "health --format json" shows it (ref), or a name the
                   state file has announced
  --until WHEN     30m, 4h, 2d, 1w, a date (2026-12-24 or 2026-12-24T09:00Z), or next-success
                   (at most 90 days)
  --finding KIND   Only this finding: ${FINDING_KINDS.join(', ')}
  --list           The snoozes in the state file

Examples:
  mixpanel-imports snooze 1234/warehouse/5678 --until next-success --state state.json
  mixpanel-imports snooze orders_events --until 2d --finding late --state state.json`,
  mcp: `Usage: mixpanel-imports mcp [--allow-writes] [--state FILE] [connection options]

Serves the import tools to an agent over the Model Context Protocol on stdin and stdout:
mixpanel_health, mixpanel_source_runs, mixpanel_run_details and mixpanel_plan_import_file.
Read-only unless --allow-writes, which adds mixpanel_sync_now, mixpanel_pause_import and
mixpanel_resume_import. Mixpanel is read when a tool is first called, then again when the data is
older than a minute. Import files are planned inside the working directory only. The server stops
when its input closes. Messages go to stderr; stdout is the protocol's.

Options:
  --allow-writes   Offer and run the write tools (the agent's host asks the user before each)
  --state FILE     Read the runs kept by "health --state FILE" for baselines (never written)

${CONNECTION_HELP}

Exit codes: 0 the client closed the connection, 1 an error before serving.

Examples:
  claude mcp add mixpanel-imports -e MIXPANEL_SERVICE_ACCOUNT_USERNAME=… -e MIXPANEL_SERVICE_ACCOUNT_SECRET=… -- npx mixpanel-imports mcp
  mixpanel-imports mcp --project 1234 --allow-writes`,
};

function parse<O extends ParseArgsConfig['options']>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
}

/** A command used wrongly: said with a pointer to its help. */
class UsageError extends CliError {}

function numberList(values: readonly string[] | undefined, envValue: string | undefined): number[] | undefined {
  const texts = values && values.length > 0 ? values.flatMap((value) => value.split(',')) : envValue ? envValue.split(',') : [];
  const ids = texts.map((text) => text.trim()).filter((text) => text !== '').map((text) => {
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new UsageError(t('"{0}" is not a project id.', text));
    }
    return id;
  });
  return ids.length > 0 ? ids : undefined;
}

function whereFrom(values: { region?: string; 'api-base-url'?: string; project?: string[]; concurrency?: string; verbose?: boolean }, io: ProgramIo, warn: (line: string) => void): Where {
  const concurrency = values.concurrency !== undefined ? Number(values.concurrency) : undefined;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)) {
    throw new UsageError(t('--concurrency is a whole number from 1 to 16.'));
  }
  return {
    region: values.region ?? (io.env.MIXPANEL_REGION || undefined),
    apiBaseUrl: values['api-base-url'] ?? (io.env.MIXPANEL_API_BASE_URL || undefined),
    projects: numberList(values.project, io.env.MIXPANEL_PROJECT_IDS),
    concurrency,
    verbose: values.verbose ? warn : undefined,
  };
}

/** Runs one command line; resolves to its exit code and never rejects. */
export async function runProgram(argv: readonly string[], io: ProgramIo): Promise<number> {
  const secrets = [io.env.MIXPANEL_SERVICE_ACCOUNT_SECRET?.trim()].filter((secret): secret is string => secret !== undefined && secret.length >= 4);
  // A webhook's URL, wherever it was typed (after --notify, or where no option takes it), is hidden too.
  const urls = argv.flatMap((arg) => /(?:^|=)(?:slack|webhook):(.{8,})$/.exec(arg)?.[1] ?? []);
  const hidden: string[] = [...secrets, ...urls];
  // The last guard: whatever is written, no secret and no webhook URL is in it.
  const redact = (text: string) => hidden.reduce((result, secret) => result.split(secret).join('***'), text);
  const out = (text: string) => { io.stdout.write(`${redact(text)}\n`); };
  const warn = (text: string) => { io.stderr.write(`${redact(text)}\n`); };
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const topic = command === 'help' && rest[0] && HELP[rest[0]] ? rest[0] : 'main';
      out(HELP[topic]);
      return command === undefined ? EXIT_ERROR : EXIT_OK;
    }
    if (command === '--version' || command === '-v') {
      out(VERSION);
      return EXIT_OK;
    }
    if (!HELP[command] || command === 'main') {
      throw new UsageError(t('Unknown command "{0}".', printable(command)));
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      out(HELP[command]);
      return EXIT_OK;
    }
    const context: CommandContext = { io, out, warn, rest, redact };
    switch (command) {
      case 'health': return await healthCommand(context);
      case 'validate': return await validateCommand(context);
      case 'plan': return await planCommand(context);
      case 'apply': return await applyCommand(context);
      case 'snooze': return await snoozeCommand(context);
      case 'export': return await exportCommand(context);
      case 'mcp': return await mcpCommand(context);
    }
    return EXIT_ERROR;
  } catch (error) {
    if (error instanceof UsageError) {
      warn(`mixpanel-imports: ${error.message}\n${t('Run "mixpanel-imports {0} --help" for usage.', command && HELP[command] ? command : '').replace('  ', ' ')}`);
    } else if (error instanceof CliError) {
      warn(`mixpanel-imports: ${error.message}`);
    } else {
      warn(`mixpanel-imports: ${t('unexpected failure: {0}', errorText(error))}`);
    }
    return EXIT_ERROR;
  }
}

interface CommandContext {
  readonly io: ProgramIo;
  /** The last guard over whatever is written: no secret, no webhook URL. */
  readonly redact: (text: string) => string;
  readonly rest: readonly string[];
  readonly out: (text: string) => void;
  readonly warn: (text: string) => void;
}

/** The terminal's locale (LC_ALL, LC_TIME, LANG: `de_DE.UTF-8` is `de-DE`) for dates and numbers. */
function present(io: ProgramIo) {
  const posix = io.env.LC_ALL || io.env.LC_TIME || io.env.LANG || '';
  const locale = posix.split(/[.@]/)[0].replace('_', '-');
  return { t, now: (io.now ?? Date.now)(), locale: knownLocale(locale), timeZone: timeZoneOf(io.env.TZ) };
}

/** TZ when Intl knows it (`Europe/Berlin`, `UTC`); else the system's. */
function timeZoneOf(zone: string | undefined): string | undefined {
  try {
    return zone ? new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone : undefined;
  } catch {
    return undefined;
  }
}

/** A locale Intl knows (`C`, `POSIX` and nonsense are not), else en-US. */
function knownLocale(locale: string): string {
  try {
    return locale && Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en-US';
  } catch {
    return 'en-US';
  }
}

async function healthCommand({ io, rest, out, warn }: CommandContext): Promise<number> {
  const { values, positionals } = parse(rest, { ...CONNECTION_OPTIONS, format: { type: 'string' }, state: { type: 'string' }, notify: { type: 'string', multiple: true } });
  if (positionals.length > 0) {
    throw new UsageError(t('health takes no arguments: "{0}".', printable(positionals[0])));
  }
  const format = (values.format ?? 'table') as HealthFormat;
  if (!['table', 'markdown', 'json'].includes(format)) {
    throw new UsageError(t('--format is table, markdown or json.'));
  }
  const targets: NotifyTarget[] = [];
  for (const text of values.notify ?? []) {
    const parsed = parseTarget(text);
    if ('problem' in parsed) {
      throw new UsageError(parsed.problem);
    }
    targets.push(parsed);
  }
  const connection = await connect(accountFrom(io.env), whereFrom(values, io, warn));
  const outcome = await runHealth(connection, {
    format, stateFile: values.state, targets, palette: paletteFor(io.stdout, io.env), out, warn, log: values.verbose ? warn : () => undefined,
    present: present(io),
  });
  if (outcome.failed) {
    return EXIT_ERROR;
  }
  return outcome.attention > 0 ? EXIT_ATTENTION : EXIT_OK;
}

async function validateCommand({ io, rest, out, warn }: CommandContext): Promise<number> {
  const { values, positionals } = parse(rest, { ...CONNECTION_OPTIONS, online: { type: 'boolean' } });
  const files = await importFilesIn(positionals);
  let connection: Connection | undefined;
  if (values.online) {
    connection = await connect(accountFrom(io.env), whereFrom(values, io, warn));
  }
  const palette = paletteFor(io.stdout, io.env);
  const result = await validateFiles(files, workflowOf(connection), { out, warn, palette, online: values.online });
  out(t('{0} file(s): {1} error(s), {2} warning(s).', files.length, result.errors, result.warnings));
  return result.errors > 0 ? EXIT_ERROR : EXIT_OK;
}

async function planCommand({ io, rest, out, warn }: CommandContext): Promise<number> {
  const { values, positionals } = parse(rest, { ...CONNECTION_OPTIONS, json: { type: 'boolean' }, out: { type: 'string' } });
  const files = await importFilesIn(positionals);
  const connection = await connect(accountFrom(io.env), whereFrom(values, io, warn));
  const document = await planFiles(files, workflowOf(connection), { out, warn, palette: paletteFor(io.stdout, io.env), json: values.json ?? false });
  if (values.out !== undefined) {
    try {
      await fs.writeFile(values.out, `${JSON.stringify(document, null, 2)}\n`);
    } catch (error) {
      throw new CliError(t('The plan could not be written to {0}: {1}', values.out, (error as NodeJS.ErrnoException).code ?? String(error)));
    }
  }
  if (document.summary.blocked > 0) {
    return EXIT_ERROR;
  }
  return document.files.some((file) => file.action !== 'none') ? EXIT_ATTENTION : EXIT_OK;
}

async function applyCommand({ io, rest, out, warn }: CommandContext): Promise<number> {
  const { values, positionals } = parse(rest, { ...CONNECTION_OPTIONS, plan: { type: 'string' }, 'auto-approve': { type: 'boolean' } });
  const reviewed = values.plan !== undefined ? await readPlanDocument(values.plan) : undefined;
  if (!reviewed && !values['auto-approve'] && !io.interactive) {
    throw new UsageError(t('apply needs a reviewed plan (--plan FILE, from "plan --out FILE"), or --auto-approve: nobody here can answer its question.'));
  }
  const files = positionals.length > 0 ? await importFilesIn(positionals) : reviewed ? reviewed.files.map((file) => file.path) : await importFilesIn(positionals);
  const connection = await connect(accountFrom(io.env), whereFrom(values, io, warn));
  const palette = paletteFor(io.stdout, io.env);
  const ask = !reviewed && !values['auto-approve'] && io.interactive ? (confirmation: Confirmation) => askOnTerminal(confirmation, io, warn) : undefined;
  const summary = await applyFiles(files, workflowOf(connection), { out, warn, palette, reviewed, ask });
  return summary.ok ? EXIT_OK : EXIT_ERROR;
}

/** Terraform's question: only "yes" goes on. */
async function askOnTerminal(confirmation: Confirmation, io: ProgramIo, warn: (line: string) => void): Promise<boolean> {
  warn(`${printable(confirmation.question)}\n${confirmation.detail.split('\n').map((line) => `  ${printable(line)}`).join('\n')}`);
  const lines = readline.createInterface({ input: io.stdin ?? process.stdin, output: io.stderr, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      io.stderr.write(t('Type "yes" to {0}: ', confirmation.button.toLowerCase()));
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
    });
    return answer.trim() === 'yes';
  } finally {
    lines.close();
  }
}

/** `PROJECT/KIND/ID`, or a name the state file has announced. */
function sourceNamed(text: string, state: Awaited<ReturnType<typeof readState>>): SourceRef {
  const match = /^(\d+)\/([A-Za-z]+)\/(.+)$/.exec(text);
  if (match && isSourceKind(match[2]) && Number.isSafeInteger(Number(match[1]))) {
    return { projectId: Number(match[1]), kind: match[2], id: match[3] };
  }
  const named = [...new Map(state.open.filter((open) => open.name === text).map((open) => [JSON.stringify(open.source), open.source])).values()];
  if (named.length === 1) {
    return named[0];
  }
  throw new UsageError(named.length > 1
    ? t('More than one source is named "{0}": use its PROJECT/KIND/ID from "health --format json".', printable(text))
    : t('No source "{0}" in the state file: use its PROJECT/KIND/ID from "health --format json".', printable(text)));
}

async function snoozeCommand({ io, rest, out }: CommandContext): Promise<number> {
  const { values, positionals } = parse(rest, { until: { type: 'string' }, state: { type: 'string' }, finding: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.state === undefined) {
    throw new UsageError(t('snooze needs --state FILE: the file "health --state" reads.'));
  }
  const state = await readState(values.state);
  const now = (io.now ?? Date.now)();
  const when = (at: number) => formatLocalDateTime(at, present(io));
  if (values.list) {
    out(state.snoozes.length === 0 ? t('No snoozes.') : state.snoozes.map((snooze) =>
      `${printable(refText(snooze.source))}${snooze.finding ? ` (${snooze.finding})` : ''}: ${snoozeUntilWords(snooze.until, t, when)}`).join('\n'));
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    throw new UsageError(t('Name one source to snooze.'));
  }
  if (values.until === undefined) {
    throw new UsageError(t('Say until when: --until 4h, 2d, 2026-12-24 or next-success.'));
  }
  const until = parseSnoozeUntil(values.until, now);
  if (!until) {
    throw new UsageError(t('--until "{0}" is not a time in the next 90 days (30m, 4h, 2d, 1w, 2026-12-24) or next-success.', printable(values.until)));
  }
  if (values.finding !== undefined && !FINDING_KINDS.includes(values.finding as FindingKind)) {
    throw new UsageError(t('--finding is one of {0}.', FINDING_KINDS.join(', ')));
  }
  const source = sourceNamed(positionals[0], state);
  const snooze = { source, ...(values.finding ? { finding: values.finding as FindingKind } : {}), until, since: now };
  await saveState(values.state, { ...state, snoozes: withSnooze(state.snoozes, snooze) });
  out(t('Snoozed {0}{1} {2}.', printable(refText(source)), snooze.finding ? ` (${snooze.finding})` : '', snoozeUntilWords(until, t, when)));
  return EXIT_OK;
}

async function exportCommand({ io, rest, out, warn }: CommandContext): Promise<number> {
  const { values, positionals } = parse(rest, { ...CONNECTION_OPTIONS, out: { type: 'string' } });
  const [projectId, importId] = positionals.map(Number);
  if (positionals.length !== 2 || !Number.isSafeInteger(projectId) || projectId <= 0 || !Number.isSafeInteger(importId) || importId <= 0) {
    throw new UsageError(t('Name the project and the import by their numbers: export PROJECT_ID IMPORT_ID.'));
  }
  const connection = await connect(accountFrom(io.env), whereFrom(values, io, warn));
  const file = await exportImport(connection, projectId, importId, values.out ?? '.');
  out(t('Wrote {0}.', file));
  return EXIT_OK;
}

async function mcpCommand({ io, rest, warn, redact }: CommandContext): Promise<number> {
  const { values, positionals } = parse(rest, { ...CONNECTION_OPTIONS, 'allow-writes': { type: 'boolean' }, state: { type: 'string' } });
  if (positionals.length > 0) {
    throw new UsageError(t('mcp takes no arguments: "{0}".', printable(positionals[0])));
  }
  if (!io.stdin) {
    throw new CliError(t('mcp needs a standard input to read the protocol from.'));
  }
  const account = accountFrom(io.env);
  const state = await readState(values.state);
  // The MCP server and its SDK are a bundle of their own, loaded only here: every other command starts as fast as before.
  const { serveMcp } = await import('./mcp');
  return serveMcp({
    account,
    where: whereFrom(values, io, warn),
    allowWrites: values['allow-writes'] === true,
    state,
    root: process.cwd(),
    present: () => present(io),
    warn,
    stdin: io.stdin as import('./mcp').McpOptions['stdin'],
    // The protocol's messages pass the same last guard as every other line.
    stdout: {
      write: (chunk: string | Uint8Array) => io.stdout.write(redact(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))),
      once: (event: string, listener: () => void) => io.stdout.once(event, listener),
    },
  });
}
