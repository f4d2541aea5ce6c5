/**
 * A small stand-in for the `vscode` module, so that the command layer runs in plain Node: it
 * records what would be shown and answers the questions as a test says. Loaded through
 * `installVscodeStub()` before any module under src/vscode is required.
 */
import Module from 'module';

type Answer = (message: string, options: unknown, items: unknown[]) => unknown;

export interface Shown {
  readonly kind: 'error' | 'warning' | 'info' | 'statusBar' | 'quickPick' | 'inputBox';
  readonly text: string;
  readonly modal?: boolean;
  readonly detail?: string;
  /** A quick pick's items, as labels, descriptions and details. */
  readonly items?: string[];
}

class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  dispose(): void {
    this.onDispose();
  }
}

class EventEmitter<T> {
  private listeners = new Set<(value: T) => void>();
  readonly event = (listener: (value: T) => void) => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }
  dispose(): void {
    this.listeners.clear();
  }
}

function format(message: string, ...args: unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

/** What the stand-in saw, and how it answers; reset between tests. */
export const stub = {
  shown: [] as Shown[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as Array<{ command: string; args: unknown[] }>,
  /** Answers messages (the button chosen, or undefined), quick picks (an item) and input boxes (text). */
  answerMessage: (() => undefined) as Answer,
  answerQuickPick: ((_title: string, _options: unknown, items: unknown[]) => items[0]) as Answer,
  answerInputBox: (() => undefined) as Answer,
  configuration: new Map<string, { globalValue?: unknown; workspaceValue?: unknown }>(),
  treeViews: [] as Array<{ message?: string; badge?: unknown; drawn: number }>,
  reset(): void {
    this.shown = [];
    this.commands.clear();
    this.executed = [];
    this.answerMessage = () => undefined;
    this.answerQuickPick = (_title, _options, items) => items[0];
    this.answerInputBox = () => undefined;
    this.configuration.clear();
    this.treeViews = [];
  },
  /** Runs a registered command as VS Code would. */
  async run(command: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.commands.get(command);
    if (!handler) {
      throw new Error(`no command ${command}`);
    }
    return handler(...args);
  },
};

function message(kind: 'error' | 'warning' | 'info') {
  return (text: string, ...rest: unknown[]) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null ? rest[0] as { modal?: boolean; detail?: string } : undefined;
    const items = options ? rest.slice(1) : rest;
    stub.shown.push({ kind, text, modal: options?.modal, detail: options?.detail });
    return Promise.resolve(stub.answerMessage(text, options, items));
  };
}

const itemText = (item: unknown): string => {
  const { label, description, detail } = item as { label?: string; description?: string; detail?: string };
  return [label, description, detail].filter((part) => part !== undefined).join(' | ');
};

export const vscodeStub = {
  Disposable,
  EventEmitter,
  ThemeIcon: class { constructor(readonly id: string, readonly color?: unknown) {} },
  ThemeColor: class { constructor(readonly id: string) {} },
  MarkdownString: class { isTrusted = false; supportHtml = false; constructor(readonly value: string, readonly supportThemeIcons?: boolean) {} },
  TreeItem: class { id?: string; description?: string; contextValue?: string; constructor(readonly label: string, readonly collapsibleState?: number) {} },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  Uri: { parse: (value: string) => ({ toString: () => value }) },
  l10n: { t: format },
  env: { language: 'en', clipboard: { writeText: () => Promise.resolve() }, openExternal: () => Promise.resolve(true) },
  window: {
    showErrorMessage: message('error'),
    showWarningMessage: message('warning'),
    showInformationMessage: message('info'),
    setStatusBarMessage: (text: string) => {
      stub.shown.push({ kind: 'statusBar', text });
      return new Disposable();
    },
    showQuickPick: (items: unknown[] | Promise<unknown[]>, options?: { title?: string; placeHolder?: string }) => Promise.resolve(items).then((list) => {
      stub.shown.push({ kind: 'quickPick', text: options?.title ?? '', detail: options?.placeHolder, items: list.map(itemText) });
      return stub.answerQuickPick(options?.title ?? '', options, list);
    }),
    showInputBox: (options?: { title?: string; prompt?: string }) => {
      stub.shown.push({ kind: 'inputBox', text: options?.title ?? '', detail: options?.prompt });
      return Promise.resolve(stub.answerInputBox(options?.title ?? '', options, []));
    },
    withProgress: <T>(_options: unknown, task: () => Thenable<T>) => Promise.resolve(task()),
    createTreeView: () => {
      let message: string | undefined;
      const view = {
        /** How many times the line above the rows was set: once per redraw of the view's state. */
        drawn: 0,
        get message() { return message; },
        set message(value: string | undefined) { message = value; view.drawn++; },
        badge: undefined as unknown, visible: true, dispose: () => undefined, onDidExpandElement: () => new Disposable(), onDidChangeVisibility: () => new Disposable(),
      };
      stub.treeViews.push(view);
      return view;
    },
  },
  commands: {
    registerCommand: (command: string, handler: (...args: unknown[]) => unknown) => {
      stub.commands.set(command, handler);
      return new Disposable(() => stub.commands.delete(command));
    },
    executeCommand: (command: string, ...args: unknown[]) => {
      stub.executed.push({ command, args });
      return Promise.resolve(undefined);
    },
  },
  workspace: {
    getConfiguration: () => ({
      get: (key: string) => stub.configuration.get(key)?.workspaceValue ?? stub.configuration.get(key)?.globalValue,
      inspect: (key: string) => stub.configuration.get(key) ?? {},
      update: (key: string, value: unknown) => {
        stub.configuration.set(key, { ...stub.configuration.get(key), globalValue: value });
        return Promise.resolve();
      },
    }),
    onDidChangeConfiguration: () => new Disposable(),
  },
};

let installed = false;

/** Makes `require('vscode')` return the stand-in, from here on. */
export function installVscodeStub(): void {
  if (installed) {
    return;
  }
  installed = true;
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : load.call(this, request, ...rest);
  };
}

installVscodeStub();
