// Command ids the table viewer uses, from the one constants file.
import { Commands } from '../../base/constants';

export const TableViewerCommands = {
  openTable: Commands.openTable,
  exportTable: Commands.exportTable,
  importTable: Commands.importTable,
  copyTable: Commands.copyTable,
  /** Opens one item as a document: Get Item with { connectionId, region, tableName, key }. */
  openItem: Commands.getItem,
} as const;

export const TABLE_VIEWER_VIEW_TYPE = 'dynamodbStudio.tableViewer';
