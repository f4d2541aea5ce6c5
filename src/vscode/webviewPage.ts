import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

/** Where pages may load from: the extension's stylesheets and its bundled page scripts. */
export function pageResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

/**
 * A page of ours: one script that runs only with this page's nonce, styles from the extension,
 * nothing inline and nothing from elsewhere. The page fills `#root` itself, from the model it is sent.
 */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: { readonly title: string; readonly script: string; readonly styles: readonly string[] }): string {
  const nonce = randomBytes(16).toString('base64');
  const styles = page.styles
    .map((name) => `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)).toString()}">`)
    .join('\n');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', page.script));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
<title>${page.title}</title>
</head>
<body>
<main id="root" aria-live="polite"><p>${vscode.l10n.t('Loading…')}</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
