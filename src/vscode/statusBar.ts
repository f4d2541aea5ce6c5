import * as vscode from 'vscode';
import { PresentOptions } from '../core/presentation/presenters';
import { Session } from '../core/engine/session';
import { statusSummary } from '../core/presentation/statusSummary';
import { SourceStore } from '../core/engine/store';
import { HealthReader } from '../core/health/monitor';
import { Command, VIEW_CONTAINER_ID } from '../shared/ids';

/** One item on the left that sums up the state; it renders from the same store as the tree. */
export class StatusBarController implements vscode.Disposable {
  /** VS Code's item itself: what it shows is read from here (the tests read it too). */
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly store: SourceStore, private readonly session: Session, private readonly presentOptions: () => PresentOptions, private readonly health: HealthReader) {
    this.item = vscode.window.createStatusBarItem('mixpanelConnectors.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Mixpanel Connectors');
    this.disposables.push(this.item, store.onDidChange(() => this.update()), session.onDidChange(() => this.update()), health.onDidChange(() => this.update()));
    this.update();
    this.item.show();
  }

  private update(): void {
    const signedIn = this.session.state.kind === 'active';
    const summary = statusSummary({ signedIn, projects: this.store.allProjects, findingsOf: (entry) => this.health.findings(entry.source) }, this.presentOptions());
    this.item.text = summary.text;
    const tooltip = new vscode.MarkdownString(summary.tooltip, true);
    tooltip.isTrusted = false;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: summary.accessibilityLabel };
    this.item.backgroundColor = summary.severity === 'error'
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : summary.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = signedIn ? `workbench.view.extension.${VIEW_CONTAINER_ID}` : Command.signIn;
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
