// The table viewer's state, in one place: what the extension said (table, history), what the person chose (the
// query form, the result view, the copy notation) and where the current run is. The choices survive the panel
// being hidden and shown (webview state); the rest comes again from the extension.
import type { SpecProblem } from '../../model/query/querySpec';
import type { TableInfo, ViewerEvent, ViewerRequest, ViewerRestore } from '../../protocol/tableViewer';
import type { BuilderModel } from './builder';
import type { CopyFormat } from './values';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

export type ResultView = 'grid' | 'json' | 'dynamodb';
/** How much Run reads: the first page, or every page. */
export type ReadMode = 'page' | 'all';

/** What the webview keeps across hide and show. */
interface SavedState {
  model?: BuilderModel;
  view?: ResultView;
  copyFormat?: CopyFormat;
  readMode?: ReadMode;
  /** The query form is folded away (the Run row stays). */
  formCollapsed?: boolean;
  /** The viewer's table, for the panel serializer after a window reload. */
  restore?: ViewerRestore;
}

export interface ViewerState {
  table: TableInfo | undefined;
  model: BuilderModel | undefined;
  view: ResultView;
  copyFormat: CopyFormat;
  readMode: ReadMode;
  formCollapsed: boolean;
  restore: ViewerRestore | undefined;
  /** The run whose rows and state are shown; older runs' messages are dropped. */
  runId: number;
  running: boolean;
  hasMore: boolean;
  lastProblems: SpecProblem[];
  /** The operation and index of the read whose rows are shown (a changed form makes them stale). */
  shownRead: { kind: string; index: string } | undefined;
  history: Extract<ViewerEvent, { type: 'history' }> | undefined;
}

const saved = (vscode.getState() as SavedState | undefined) ?? {};

export const state: ViewerState = {
  table: undefined,
  model: saved.model,
  view: saved.view ?? 'grid',
  copyFormat: saved.copyFormat ?? 'json',
  readMode: saved.readMode === 'all' ? 'all' : 'page',
  formCollapsed: saved.formCollapsed === true,
  restore: saved.restore,
  runId: -1,
  running: false,
  hasMore: false,
  lastProblems: [],
  shownRead: undefined,
  history: undefined,
};

export const post = (message: ViewerRequest): void => vscode.postMessage(message);

export const saveState = (): void => vscode.setState({ model: state.model, view: state.view, copyFormat: state.copyFormat, readMode: state.readMode, formCollapsed: state.formCollapsed, restore: state.restore } satisfies SavedState);
