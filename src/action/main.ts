import * as core from '@actions/core';
import { runProgram } from '../cli/program';
import { postPlanComment } from './pullRequest';

/**
 * The GitHub Action: the command line run in the job, its output in the job summary, `changes` and
 * `needs-attention` as outputs, and on a pull request the plan as one comment that later runs
 * update. Exit 2 (changes, attention) is a result, not a failure.
 */

/** What the command line printed, kept for the summary and the comment, and shown in the log. */
class Captured {
  text = '';
  readonly isTTY = false;
  write(chunk: string | Uint8Array): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.text += text;
    process.stdout.write(text);
    return true;
  }
}

function list(name: string): string[] {
  return core.getInput(name).split(/[\n,]/).map((item) => item.trim()).filter((item) => item !== '');
}

function words(name: string): string[] {
  return core.getInput(name).split(/\s+/).filter((item) => item !== '');
}

async function main(): Promise<void> {
  const command = core.getInput('command', { required: true });
  if (!['health', 'plan', 'apply', 'validate'].includes(command)) {
    core.setFailed(`The input "command" is health, plan, apply or validate, not "${command}".`);
    return;
  }
  const notify = list('notify');
  for (const target of notify) {
    // A webhook URL lets anyone post: masked in the log wherever it might appear.
    core.setSecret(target.replace(/^(slack|webhook):/, ''));
  }
  const secret = process.env.MIXPANEL_SERVICE_ACCOUNT_SECRET;
  if (secret) {
    core.setSecret(secret);
  }
  const files = words('files');
  const state = core.getInput('state');
  const planFile = core.getInput('plan') || 'mixpanel-plan.json';
  const connection = [
    ...list('projects').flatMap((project) => ['--project', project]),
    ...(core.getInput('region') ? ['--region', core.getInput('region')] : []),
    ...(core.getInput('api-base-url') ? ['--api-base-url', core.getInput('api-base-url')] : []),
  ];
  const args = (() => {
    switch (command) {
      case 'health':
        return ['health', '--format', 'markdown', ...(state ? ['--state', state] : []), ...notify.flatMap((target) => ['--notify', target]), ...connection];
      case 'plan':
        return ['plan', ...(files.length > 0 ? files : ['.']), '--out', planFile, ...connection];
      case 'apply':
        return ['apply', '--plan', planFile, ...files, ...connection];
      default:
        return ['validate', ...(files.length > 0 ? files : ['.']), ...(core.getBooleanInput('online') ? ['--online'] : []), ...connection];
    }
  })();
  const stdout = new Captured();
  const code = await runProgram(args, {
    env: { ...process.env, NO_COLOR: '1' },
    stdout: stdout as unknown as NodeJS.WritableStream,
    stderr: process.stderr,
    interactive: false,
  });

  const result = stdout.text.trim();
  const heading = command === 'health' ? '' : `### Mixpanel imports: ${command}\n\n`;
  const body = command === 'health' ? result : `${heading}\`\`\`\n${result.replace(/```/g, '`\u200b``')}\n\`\`\``;
  await core.summary.addRaw(body, true).write();
  core.setOutput('changes', String(command === 'plan' && code === 2));
  core.setOutput('needs-attention', String(command === 'health' && code === 2));
  core.setOutput('exit-code', String(code));

  if (command === 'plan' && process.env.GITHUB_EVENT_NAME?.startsWith('pull_request') && core.getBooleanInput('comment')) {
    try {
      const where = await postPlanComment({
        token: core.getInput('github-token'),
        apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
        repository: process.env.GITHUB_REPOSITORY ?? '',
        eventPath: process.env.GITHUB_EVENT_PATH ?? '',
        body: `${body}\n\n${code === 2 ? 'Apply it by merging: the apply job applies exactly this plan.' : code === 0 ? 'No changes.' : 'The plan failed or is blocked: see the job log.'}`,
      });
      core.info(`The plan is in the pull request's comment (${where}).`);
    } catch (error) {
      core.warning(`The plan could not be commented on the pull request: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (code === 1) {
    core.setFailed(`mixpanel-imports ${command} failed: see the log above.`);
  }
}

main().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
