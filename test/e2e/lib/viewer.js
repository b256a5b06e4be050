// The table viewer's webview in the workbench, for the e2e suites: its document, a run that waits for its own end,
// and the viewer's actions whether they sit on their toolbar or, in a narrow panel, in its More actions menu.
'use strict';

const { CreateTableCommand, waitUntilTableExists } = require('@aws-sdk/client-dynamodb');
const { UI_TIMEOUT_MS } = require('./workbench');

/** The visible viewer's document: code-server nests it in two iframes. */
const viewerFrame = (page) => page.frameLocator('iframe.webview.ready:visible').frameLocator('iframe#active-frame');

/** The id of the run the status line shows (-1 before any). */
async function shownRunId(v) {
  return Number((await v.locator('.run-status').getAttribute('data-run-id')) ?? -1);
}

/**
 * Waits until a run newer than `afterRunId` has ended and returns its state ('done', 'failed' or 'cancelled'). A new
 * panel starts its first read at once, so a run must be told from the one before it by its id, not by its state.
 */
async function waitForRunEnd(v, afterRunId) {
  const status = v.locator('.run-status');
  await status.evaluate(
    (el, after) =>
      new Promise((resolve) => {
        const ended = () => Number(el.dataset.runId ?? -1) > after && ['done', 'failed', 'cancelled'].includes(el.dataset.state ?? '');
        if (ended()) return resolve();
        const observer = new MutationObserver(() => {
          if (!ended()) return;
          observer.disconnect();
          resolve();
        });
        observer.observe(el, { attributes: true });
      }),
    afterRunId,
    { timeout: UI_TIMEOUT_MS },
  );
  return status.getAttribute('data-state');
}

/** Clicks Run and waits for that run's end; returns its state. */
async function runAndWaitFor(v) {
  const before = await shownRunId(v);
  await v.locator('#run').click();
  return waitForRunEnd(v, before);
}

/** Clicks a viewer action by its button id, through the toolbar's More actions menu when it is folded in there. */
async function viewerAction(v, id) {
  const button = v.locator(`#${id}`);
  if (await button.isVisible()) return button.click();
  const toolbar = v.locator('[role=toolbar]', { has: button });
  const name = (await button.textContent()).trim();
  await toolbar.locator('[aria-haspopup=menu]').click();
  await toolbar.getByRole('menuitem', { name, exact: true }).click();
}

/** Creates an on-demand table keyed by Team (S) and Seq (N), the shape the viewer suites fill, and waits for it. */
async function createTeamSeqTable(client, tableName) {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: 'Team', AttributeType: 'S' },
        { AttributeName: 'Seq', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'Team', KeyType: 'HASH' },
        { AttributeName: 'Seq', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: tableName });
}

module.exports = { viewerFrame, shownRunId, waitForRunEnd, runAndWaitFor, viewerAction, createTeamSeqTable };
