/**
 * The shape of `vscode.l10n.t`, so that code which must not import `vscode` can still produce
 * localizable text: the VS Code side passes `vscode.l10n.t`, tests and the webview pass
 * {@link plainTranslate}.
 */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** Substitutes `{0}`, `{1}` … as `vscode.l10n.t` does, without translating. */
export const plainTranslate: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? placeholder : String(value);
  });
