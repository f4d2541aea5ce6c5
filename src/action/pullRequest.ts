import { promises as fs } from 'fs';
import fetch from 'node-fetch';

/**
 * The plan as one comment on the pull request: found again by a hidden marker and edited, so a
 * pull request pushed to ten times still has one. Through GitHub's REST API with the workflow's
 * token (it needs `pull-requests: write`).
 */

export const COMMENT_MARKER = '<!-- mixpanel-imports:plan -->';
/** Comments read to find ours: a pull request longer than this gets a new one. */
const MAX_PAGES = 10;

export interface CommentRequest {
  readonly token: string;
  readonly apiUrl: string;
  /** owner/name */
  readonly repository: string;
  readonly eventPath: string;
  readonly body: string;
}

async function call(request: CommentRequest, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${request.apiUrl.replace(/\/$/, '')}${path}`, {
    method,
    headers: {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${request.token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'mixpanel-imports-action',
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    timeout: 15_000,
  });
  if (!response.ok) {
    throw new Error(`GitHub answered ${response.status} to ${method} ${path}`);
  }
  return response.json();
}

/** Creates the comment, or edits the one an earlier run made; says which. */
export async function postPlanComment(request: CommentRequest): Promise<'created' | 'updated'> {
  if (!request.token) {
    throw new Error('no github-token');
  }
  const event = JSON.parse(await fs.readFile(request.eventPath, 'utf8')) as { pull_request?: { number?: unknown } };
  const number = event.pull_request?.number;
  if (typeof number !== 'number' || !/^[\w.-]+\/[\w.-]+$/.test(request.repository)) {
    throw new Error('the event names no pull request');
  }
  const base = `/repos/${request.repository}/issues`;
  const body = `${COMMENT_MARKER}\n${request.body}`;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await call(request, 'GET', `${base}/${number}/comments?per_page=100&page=${page}`) as Array<{ id?: unknown; body?: unknown; user?: { type?: unknown } }>;
    const ours = Array.isArray(comments) ? comments.find((comment) => typeof comment.body === 'string' && comment.body.startsWith(COMMENT_MARKER)) : undefined;
    if (ours && typeof ours.id === 'number') {
      await call(request, 'PATCH', `${base}/comments/${ours.id}`, { body });
      return 'updated';
    }
    if (!Array.isArray(comments) || comments.length < 100) {
      break;
    }
  }
  await call(request, 'POST', `${base}/${number}/comments`, { body });
  return 'created';
}
