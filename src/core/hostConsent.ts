/**
 * Whether the service account may be sent to a host that is not Mixpanel's. The API base URL is
 * a user setting (a workspace cannot set it), but a proxy or a typo still deserves one explicit
 * question per host; the answer is remembered, and a new sign-in asks again after a "no".
 */

/** Where the answers are kept: VS Code's global state has this shape. */
export interface ConsentMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

type Answers = Record<string, 'allowed' | 'declined'>;

export const CONSENT_KEY = 'mixpanelConnectors.hostConsent';

export class HostConsent {
  /** One question per host at a time, however many reloads ask. */
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(private readonly memory: ConsentMemory, private readonly ask: (host: string) => Promise<boolean>) {}

  /** True when credentials may go to `host`, asking the user the first time. */
  allows(host: string): Promise<boolean> {
    const remembered = this.answers()[host];
    if (remembered !== undefined) {
      return Promise.resolve(remembered === 'allowed');
    }
    let question = this.pending.get(host);
    if (!question) {
      question = this.askAndRemember(host).finally(() => this.pending.delete(host));
      this.pending.set(host, question);
    }
    return question;
  }

  /** A declined host is asked about again (the user is signing in on purpose). */
  async forgetDeclined(host: string): Promise<void> {
    const answers = this.answers();
    if (answers[host] === 'declined') {
      const rest = { ...answers };
      delete rest[host];
      await this.memory.update(CONSENT_KEY, rest);
    }
  }

  private async askAndRemember(host: string): Promise<boolean> {
    const allowed = await this.ask(host);
    await this.memory.update(CONSENT_KEY, { ...this.answers(), [host]: allowed ? 'allowed' : 'declined' });
    return allowed;
  }

  private answers(): Answers {
    const stored = this.memory.get<unknown>(CONSENT_KEY);
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? stored as Answers : {};
  }
}
