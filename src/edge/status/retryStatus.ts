// Retries of single requests (a save, a delete, a describe) show in the status bar, so a slow answer under
// throttling is explained. Long transfers show their retries in their own progress notification instead.
import * as vscode from 'vscode';
import { describeRetry, retriesObserved, type DynamoClientPool, type RetryNotice } from '../../services/aws/clientPool';
import { LatestValueThrottle } from '../guard/retryNotices';

/** How long a retry notice stays in the status bar. */
const SHOWN_FOR_MS = 5000;
/** At most one status bar update per this many milliseconds, however many requests retry. */
const UPDATE_INTERVAL_MS = 500;

export class RetryStatus implements vscode.Disposable {
  private readonly unsubscribe: () => void;
  private readonly throttle: LatestValueThrottle<RetryNotice>;
  private shown: vscode.Disposable | undefined;

  constructor(pool: Pick<DynamoClientPool, 'onRetry'>) {
    this.throttle = new LatestValueThrottle((notice) => this.show(notice), UPDATE_INTERVAL_MS);
    this.unsubscribe = pool.onRetry((notice) => {
      // A transfer or fetch that observes its own retries shows them in its progress already.
      if (retriesObserved()) return;
      if (notice.final) {
        // The request failed for good: no "retrying" may stay on screen; the failure itself is reported by its caller.
        this.throttle.dispose();
        this.show(notice);
        return;
      }
      this.throttle.push(notice);
    });
  }

  private show(notice: RetryNotice): void {
    this.shown?.dispose();
    this.shown = vscode.window.setStatusBarMessage(describeRetry(notice), SHOWN_FOR_MS);
  }

  dispose(): void {
    this.unsubscribe();
    this.throttle.dispose();
    this.shown?.dispose();
  }
}
