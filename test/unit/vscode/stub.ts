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
  /** The workspace's trust, and its open documents. */
  trusted: true,
  /** MCP server definition providers registered, by id (VS Code 1.101's API, which the stand-in has). */
  mcpProviders: new Map<string, unknown>(),
  documents: [] as StubDocument[],
  openListeners: new Set<(document: StubDocument) => void>(),
  /** A document opens: it is among the open ones, and onDidOpenTextDocument's listeners hear of it. */
  open(document: StubDocument): void {
    this.documents.push(document);
    this.openListeners.forEach((listener) => listener(document));
  },
  reset(): void {
    this.trusted = true;
    this.documents = [];
    this.openListeners.clear();
    diagnostics.clear();
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

/** A URI as far as the adapters use one: its text and its path. */
class Uri {
  constructor(readonly scheme: string, readonly path: string, readonly query = '') {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    const match = /^([a-z-]+):(.*)$/.exec(value);
    return match ? new Uri(match[1], match[2]) : new Uri('file', value);
  }
  static from(parts: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(parts.scheme, parts.path ?? '', parts.query ?? '');
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}:${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

class Position {
  constructor(readonly line: number, readonly character: number) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c ?? 0, d ?? 0) : b as Position;
  }
}

class Diagnostic {
  source?: string;
  code?: string;
  constructor(readonly range: Range, readonly message: string, readonly severity: number) {}
}

/** An open text document: its text, and whether a save would succeed. */
export class StubDocument {
  version = 1;
  isDirty = false;
  isClosed = false;
  saves = 0;
  constructor(readonly uri: Uri, private text: string) {}
  get fileName(): string {
    return this.uri.path;
  }
  getText(): string {
    return this.text;
  }
  setText(text: string): void {
    this.text = text;
    this.version++;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  offsetAt(position: Position): number {
    const lines = this.text.split('\n');
    return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  }
  save(): Promise<boolean> {
    this.saves++;
    this.isDirty = false;
    return Promise.resolve(true);
  }
}

class WorkspaceEdit {
  readonly replacements: Array<{ uri: Uri; range: Range; text: string }> = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.replacements.push({ uri, range, text });
  }
}

const diagnostics = new Map<string, Map<string, Diagnostic[]>>();

export const vscodeStub = {
  /** The host's version: the newest the suites run in, unless a test says otherwise. */
  version: '1.139.1',
  Disposable,
  Uri,
  Position,
  Range,
  Diagnostic,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  WorkspaceEdit,
  languages: {
    createDiagnosticCollection: (name: string) => {
      const collection = new Map<string, Diagnostic[]>();
      diagnostics.set(name, collection);
      return {
        set: (uri: Uri, list: Diagnostic[]) => collection.set(uri.toString(), list),
        delete: (uri: Uri) => collection.delete(uri.toString()),
        get: (uri: Uri) => collection.get(uri.toString()),
        dispose: () => diagnostics.delete(name),
      };
    },
    getDiagnostics: (uri: Uri) => [...diagnostics.values()].flatMap((collection) => collection.get(uri.toString()) ?? []),
  },
  EventEmitter,
  ThemeIcon: class { constructor(readonly id: string, readonly color?: unknown) {} },
  ThemeColor: class { constructor(readonly id: string) {} },
  MarkdownString: class { isTrusted = false; supportHtml = false; constructor(readonly value: string, readonly supportThemeIcons?: boolean) {} },
  TreeItem: class { id?: string; description?: string; contextValue?: string; constructor(readonly label: string, readonly collapsibleState?: number) {} },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
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
  lm: {
    registerMcpServerDefinitionProvider: (id: string, provider: unknown) => {
      stub.mcpProviders.set(id, provider);
      return new Disposable(() => stub.mcpProviders.delete(id));
    },
  },
  McpStdioServerDefinition: class {
    constructor(readonly label: string, readonly command: string, readonly args: string[] = [], public env: Record<string, string | number | null> = {}, readonly version?: string) {}
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
    get isTrusted() {
      return stub.trusted;
    },
    get textDocuments() {
      return stub.documents;
    },
    openTextDocument: (uri: Uri) => {
      const document = stub.documents.find((candidate) => candidate.uri.toString() === uri.toString());
      return document ? Promise.resolve(document) : Promise.reject(new Error(`no document ${uri.toString()}`));
    },
    applyEdit: (edit: WorkspaceEdit) => {
      for (const { uri, text } of edit.replacements) {
        stub.documents.find((candidate) => candidate.uri.toString() === uri.toString())?.setText(text);
      }
      return Promise.resolve(true);
    },
    registerTextDocumentContentProvider: () => new Disposable(),
    onDidOpenTextDocument: (listener: (document: StubDocument) => void) => {
      stub.openListeners.add(listener);
      return new Disposable(() => stub.openListeners.delete(listener));
    },
    onDidChangeTextDocument: () => new Disposable(),
    onDidCloseTextDocument: () => new Disposable(),
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
