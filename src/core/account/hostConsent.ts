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
    const answers = this.answers();
    const remembered = Object.hasOwn(answers, host) ? answers[host] : undefined;
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
    if (Object.hasOwn(answers, host) && answers[host] === 'declined') {
      await this.memory.update(CONSENT_KEY, Object.fromEntries(Object.entries(answers).filter(([known]) => known !== host)));
    }
  }

  private async askAndRemember(host: string): Promise<boolean> {
    const allowed = await this.ask(host);
    const answers = this.answers();
    answers[host] = allowed ? 'allowed' : 'declined';
    // Kept as a plain object (global state is JSON), each host an own property.
    await this.memory.update(CONSENT_KEY, Object.fromEntries(Object.entries(answers)));
    return allowed;
  }

  /**
   * The answers kept, in an object without a prototype: a host named `constructor` or `__proto__`
   * is a host like any other, asked about, not found on Object.prototype.
   */
  private answers(): Answers {
    const stored = this.memory.get<unknown>(CONSENT_KEY);
    const answers: Answers = Object.create(null) as Answers;
    if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
      for (const [host, answer] of Object.entries(stored)) {
        if (answer === 'allowed' || answer === 'declined') {
          answers[host] = answer;
        }
      }
    }
    return answers;
  }
}
