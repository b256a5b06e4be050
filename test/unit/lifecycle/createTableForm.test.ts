// The Create Table form's model: fields as typed become the spec, every problem names the field that shows it, a
// taken name is refused, and the CLI line appears only for a form that can be sent (with --endpoint-url when the
// connection has an endpoint).
import * as assert from 'node:assert/strict';
import {
  checkCreateTableForm,
  emptyCreateTableForm,
  emptyGlobalIndexForm,
  emptyLocalIndexForm,
  specFromForm,
  splitNameList,
  type CreateTableForm,
} from '../../../src/model/table/createTableForm';
import { buildCreateTableInput } from '../../../src/model/table/createTableSpec';
import { CreateTableFormSchema, CreateTableToHost } from '../../../src/protocol/createTable';
import { parseMessage } from '../../../src/protocol/messages';

const CONTEXT = { existingTables: ['Orders', 'Customers'], location: 'Local / us-east-1', target: { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:8000' } };

function ordersForm(): CreateTableForm {
  const form = emptyCreateTableForm();
  form.tableName = ' Shipments ';
  form.partitionKey = { name: 'customerId', type: 'S' };
  form.sortKey = { name: 'shippedAt', type: 'N' };
  form.globalIndexes.push({ name: 'ByStatus', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'shippedAt', type: 'N' }, projection: 'INCLUDE', include: 'total, carrier,' });
  return form;
}

const fields = (form: CreateTableForm) => checkCreateTableForm(form, CONTEXT).problems.map((p) => p.field);

describe('create table form', () => {
  it('an empty form asks for a table name and a partition key name, and shows no CLI line', () => {
    const check = checkCreateTableForm(emptyCreateTableForm(), CONTEXT);
    assert.deepEqual(check.problems.map((p) => p.field), ['tableName', 'partitionKey.name']);
    assert.match(check.problems[0].message, /3 to 255 characters/);
    assert.equal(check.cliLine, undefined);
  });

  it('turns the fields into the spec: trimmed names, no sort key when its name is empty, INCLUDE names split', () => {
    const spec = specFromForm(ordersForm());
    assert.equal(spec.tableName, 'Shipments');
    assert.deepEqual(spec.sortKey, { name: 'shippedAt', type: 'N' });
    assert.deepEqual(spec.globalIndexes, [
      { name: 'ByStatus', partitionKey: { name: 'status', type: 'S' }, sortKey: { name: 'shippedAt', type: 'N' }, projection: { type: 'INCLUDE', nonKeyAttributes: ['total', 'carrier'] } },
    ]);
    assert.deepEqual(spec.billing, { mode: 'PAY_PER_REQUEST' });
    const noSort = ordersForm();
    noSort.sortKey.name = '  ';
    noSort.globalIndexes = [];
    assert.equal(specFromForm(noSort).sortKey, undefined);
    assert.deepEqual(splitNameList(' a, ,b ,'), ['a', 'b']);
  });

  it('a complete form gives the exact CLI line, pointed at the endpoint', () => {
    const check = checkCreateTableForm(ordersForm(), CONTEXT);
    assert.deepEqual(check.problems, []);
    assert.equal(
      check.cliLine,
      `aws dynamodb create-table --table-name Shipments ` +
        `--attribute-definitions '[{"AttributeName":"customerId","AttributeType":"S"},{"AttributeName":"shippedAt","AttributeType":"N"},{"AttributeName":"status","AttributeType":"S"}]' ` +
        `--key-schema '[{"AttributeName":"customerId","KeyType":"HASH"},{"AttributeName":"shippedAt","KeyType":"RANGE"}]' ` +
        `--billing-mode PAY_PER_REQUEST ` +
        `--global-secondary-indexes '[{"IndexName":"ByStatus","KeySchema":[{"AttributeName":"status","KeyType":"HASH"},{"AttributeName":"shippedAt","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["total","carrier"]}}]' ` +
        `--region us-east-1 --endpoint-url http://127.0.0.1:8000`,
    );
  });

  it('refuses a table name that already exists there, saying where', () => {
    const form = ordersForm();
    form.tableName = 'Orders';
    const check = checkCreateTableForm(form, CONTEXT);
    assert.deepEqual(check.problems, [{ field: 'tableName', message: 'A table named "Orders" already exists in Local / us-east-1: choose another name.' }]);
    assert.equal(check.cliLine, undefined);
  });

  it('refuses names against DynamoDB\'s rules, naming the characters that are not allowed', () => {
    const form = ordersForm();
    form.tableName = 'my table!';
    const [problem] = checkCreateTableForm(form, CONTEXT).problems;
    assert.equal(problem.field, 'tableName');
    assert.match(problem.message, /found " ", "!"/);
    form.tableName = 'ab';
    assert.match(checkCreateTableForm(form, CONTEXT).problems[0].message, /it has 2/);
  });

  it('reports key and index consistency at the field that shows it', () => {
    const form = ordersForm();
    form.sortKey = { name: 'customerId', type: 'S' };
    form.globalIndexes = [];
    assert.deepEqual(fields(form), ['sortKey.name']);

    const typeClash = ordersForm();
    typeClash.globalIndexes[0].sortKey.type = 'S';
    assert.deepEqual(fields(typeClash), ['globalIndexes[0].sortKey.type']);

    const include = ordersForm();
    include.globalIndexes[0].include = ' , ';
    assert.deepEqual(fields(include), ['globalIndexes[0].projection.nonKeyAttributes']);

    const lsiWithoutSort = ordersForm();
    lsiWithoutSort.sortKey.name = '';
    lsiWithoutSort.globalIndexes = [];
    lsiWithoutSort.localIndexes.push({ ...emptyLocalIndexForm(), name: 'ByDate', sortKey: { name: 'date', type: 'S' } });
    assert.deepEqual(fields(lsiWithoutSort), ['localIndexes']);

    const sameName = ordersForm();
    sameName.globalIndexes.push({ ...emptyGlobalIndexForm(), name: 'ByStatus', partitionKey: { name: 'carrier', type: 'S' } });
    assert.deepEqual(fields(sameName), ['globalIndexes[1].name']);
  });

  it('provisioned capacity: whole numbers of at least 1, given to the indexes too', () => {
    const form = ordersForm();
    form.billing = 'PROVISIONED';
    form.readCapacity = '5.5';
    form.writeCapacity = '0';
    const problems = checkCreateTableForm(form, CONTEXT).problems;
    assert.deepEqual(problems.map((p) => p.field), ['billing.readCapacityUnits', 'billing.writeCapacityUnits']);
    assert.match(problems[0].message, /Read capacity must be a whole number of at least 1 \(not "5.5"\)/);
    form.readCapacity = ' 7 ';
    form.writeCapacity = '3';
    const input = buildCreateTableInput(checkCreateTableForm(form, CONTEXT).spec);
    assert.deepEqual(input.ProvisionedThroughput, { ReadCapacityUnits: 7, WriteCapacityUnits: 3 });
    assert.deepEqual(input.GlobalSecondaryIndexes?.[0].ProvisionedThroughput, { ReadCapacityUnits: 7, WriteCapacityUnits: 3 });
  });

  it('stream and time to live go into the spec and the CLI line', () => {
    const form = ordersForm();
    form.stream = 'NEW_IMAGE';
    form.timeToLiveAttribute = ' expiresAt ';
    const check = checkCreateTableForm(form, CONTEXT);
    assert.equal(check.spec.stream, 'NEW_IMAGE');
    assert.equal(check.spec.timeToLiveAttribute, 'expiresAt');
    assert.match(check.cliLine ?? '', /--stream-specification '\{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"\}'/);
    assert.match(check.cliLine ?? '', / && aws dynamodb update-time-to-live --table-name Shipments --time-to-live-specification '\{"Enabled":true,"AttributeName":"expiresAt"\}'/);
  });

  it('deletion protection, table class and tags: only what differs from the defaults reaches the spec', () => {
    assert.equal(checkCreateTableForm(ordersForm(), CONTEXT).spec.deletionProtection, undefined);
    assert.equal(checkCreateTableForm(ordersForm(), CONTEXT).spec.tableClass, undefined);
    const form = ordersForm();
    form.deletionProtection = true;
    form.tableClass = 'STANDARD_INFREQUENT_ACCESS';
    form.tags = 'team=orders, env = dev,owner';
    const check = checkCreateTableForm(form, CONTEXT);
    assert.deepEqual(check.spec.tags, [{ key: 'team', value: 'orders' }, { key: 'env', value: 'dev' }, { key: 'owner', value: '' }]);
    assert.match(check.cliLine ?? '', /--deletion-protection-enabled --table-class STANDARD_INFREQUENT_ACCESS --tags '\[\{"Key":"team","Value":"orders"\},\{"Key":"env","Value":"dev"\},\{"Key":"owner","Value":""\}\]'/);
    form.tags = 'aws:owner=me';
    assert.deepEqual(fields(form), ['tags[0].key']);
  });

  it('the protocol accepts the form as the webview sends it and refuses anything else', () => {
    assert.ok(CreateTableFormSchema.safeParse(ordersForm()).success);
    assert.equal(parseMessage(CreateTableToHost, { type: 'create', form: ordersForm() }).ok, true);
    const extra = parseMessage(CreateTableToHost, { type: 'create', form: { ...ordersForm(), billing: 'FREE' } });
    assert.equal(extra.ok, false);
    assert.match(extra.ok ? '' : extra.error, /billing/);
    assert.equal(parseMessage(CreateTableToHost, { type: 'create', form: { ...ordersForm(), surprise: 1 } }).ok, false);
    assert.equal(parseMessage(CreateTableToHost, { type: 'dropTable' }).ok, false);
  });
});
