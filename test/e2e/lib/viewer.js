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

/**
 * Whether the Run button is on screen and nothing covers it (the status line, an error notice): its box lies inside
 * the viewer's window, overlaps neither the status line nor the notice, and a click at its middle reaches it.
 * Returns { ok, why } with the boxes, for an assertion message.
 */
async function runButtonClear(v) {
  return v.locator('#run').evaluate((button) => {
    const box = (el) => {
      if (!el) return undefined;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 ? { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) } : undefined;
    };
    const overlap = (a, b) => !!a && !!b && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const run = box(button);
    const statusLine = box(document.querySelector('.status-line'));
    const notice = box(document.querySelector('.notice'));
    const shown = `Run ${JSON.stringify(run)}, status line ${JSON.stringify(statusLine)}, notice ${JSON.stringify(notice)}, window ${window.innerWidth}x${window.innerHeight}`;
    if (!run || run.height < 10) return { ok: false, why: `the Run button is not laid out (${shown})` };
    if (run.y < 0 || run.x < 0 || run.y + run.height > window.innerHeight || run.x + run.width > window.innerWidth) return { ok: false, why: `the Run button is outside the viewer (${shown})` };
    if (overlap(run, statusLine) || overlap(run, notice)) return { ok: false, why: `the Run button overlaps the status line or the notice (${shown})` };
    const hit = document.elementFromPoint(run.x + run.width / 2, run.y + run.height / 2);
    if (hit?.closest('#run') !== button) return { ok: false, why: `a click at the Run button's middle reaches ${hit ? hit.outerHTML.slice(0, 80) : 'nothing'} (${shown})` };
    return { ok: true, why: shown };
  });
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

module.exports = { viewerFrame, shownRunId, waitForRunEnd, runAndWaitFor, viewerAction, runButtonClear, createTeamSeqTable };
