import * as assert from 'node:assert/strict';
import { isReadOnlyStatement, isReadOperation, operationName } from '../../../src/services/aws/readOnlyGuard';

describe('read-only guard', () => {
  it('allows reads', () => {
    for (const op of ['GetItemCommand', 'QueryCommand', 'ScanCommand', 'DescribeTableCommand', 'ListTablesCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']) {
      assert.equal(isReadOperation(op, {}), true, op);
    }
  });

  it('refuses every write, including unknown operations', () => {
    for (const op of ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand', 'CreateTableCommand', 'DeleteTableCommand', 'UpdateTableCommand', 'UpdateTimeToLiveCommand', 'RestoreTableFromBackupCommand', 'TagResourceCommand', 'SomeFutureOperationCommand']) {
      assert.equal(isReadOperation(op, {}), false, op);
    }
  });

  it('judges PartiQL by its statements', () => {
    assert.equal(isReadOperation('ExecuteStatementCommand', { Statement: 'SELECT * FROM "T"' }), true);
    assert.equal(isReadOperation('ExecuteStatementCommand', { Statement: '  /* c */ select a from t' }), true);
    assert.equal(isReadOperation('ExecuteStatementCommand', { Statement: "UPDATE \"T\" SET a = 1 WHERE pk = 'x'" }), false);
    assert.equal(isReadOperation('ExecuteStatementCommand', { Statement: "-- SELECT\nDELETE FROM \"T\" WHERE pk = 'x'" }), false);
    assert.equal(isReadOperation('ExecuteStatementCommand', {}), false);
    assert.equal(isReadOperation('BatchExecuteStatementCommand', { Statements: [{ Statement: 'SELECT * FROM t' }, { Statement: "INSERT INTO t VALUE {'pk':'a'}" }] }), false);
    assert.equal(isReadOperation('BatchExecuteStatementCommand', { Statements: [{ Statement: 'SELECT * FROM t' }] }), true);
    assert.equal(isReadOperation('ExecuteTransactionCommand', { TransactStatements: [] }), false);
    assert.equal(isReadOnlyStatement('selection'), false);
  });

  it('names operations without the Command suffix', () => {
    assert.equal(operationName('PutItemCommand'), 'PutItem');
    assert.equal(operationName('Scan'), 'Scan');
  });
});
