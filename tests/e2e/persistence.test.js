// Persistent storage in real Chromium: the widget asks the browser to keep the pool; when the
// browser says no and the pool holds what no host keeps (runner-ups recorded here, no host
// adapter: the demo page from dist/ alone), the recruiter is reminded to export, below the view
// (with a way to the export and a "remind me later" that holds across reloads); a new, empty
// pool is not; once the browser grants it (here through the DevTools protocol, as a site
// engagement or an installed app would), the reminder is gone. With a host adapter there is no
// reminder (tests/e2e/readme.test.js).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch } from './browser.js';

describe('persistent storage', () => {
  let b;

  before(async () => {
    b = await launch();
  });

  after(async () => {
    await b?.close();
  });

  test('not granted: the widget reminds the recruiter to export, and can be told to wait', async () => {
    await b.page.goto(`${b.server.url}/demo/`);
    const widget = b.page.locator('runnerup-pool');
    await widget.getByRole('button', { name: 'Record outcome' }).waitFor();
    assert.equal(await b.page.evaluate(() => navigator.storage.persisted()), false);
    // a new, empty pool: nothing to lose yet, nothing to read first
    await b.page.waitForTimeout(500); // the persistence answer is asynchronous
    assert.equal(await widget.getByRole('note').count(), 0, 'an empty pool was reminded to export');
    await b.page.getByRole('button', { name: 'Load sample history' }).click();
    const notice = widget.getByRole('note');
    await notice.waitFor();
    // below the view, not the first thing the recruiter reads (read once both are drawn: on a
    // loaded machine the notice can come before the view is drawn again after the load)
    const order = await b.page.waitForFunction((el) => {
      const root = el.shadowRoot;
      const view = root.querySelector('[role=tabpanel]');
      const reminder = root.querySelector('#ru-storage-notice');
      if (!view || !reminder) return null;
      return view.compareDocumentPosition(reminder) === Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before';
    }, await widget.elementHandle());
    assert.equal(await order.jsonValue(), 'after', 'the reminder comes after the view');
    assert.match(await notice.innerText(), /Export the pool regularly/);
    await notice.getByRole('button', { name: 'Export now' }).click();
    assert.equal(await widget.getByRole('tab', { name: 'Import / export' }).getAttribute('aria-selected'), 'true');
    await notice.getByRole('button', { name: 'Remind me in a week' }).click();
    await notice.waitFor({ state: 'detached' });
    await b.page.reload();
    await widget.getByRole('button', { name: 'Record outcome' }).waitFor();
    await b.page.waitForTimeout(500); // the persistence answer is asynchronous
    assert.equal(await widget.getByRole('note').count(), 0, 'the reminder came back before the week was over');
    assert.deepEqual(b.errors, []);
  });

  test('granted: no reminder', async () => {
    await b.page.evaluate(() => localStorage.clear());
    const cdp = await b.context.newCDPSession(b.page);
    await cdp.send('Browser.grantPermissions', { origin: b.origin, permissions: ['durableStorage'] });
    await b.page.reload();
    const widget = b.page.locator('runnerup-pool');
    await widget.getByRole('button', { name: 'Record outcome' }).waitFor();
    await b.page.waitForFunction(() => navigator.storage.persisted());
    await b.page.waitForTimeout(500);
    assert.equal(await widget.getByRole('note').count(), 0);
    assert.deepEqual(b.errors, []);
  });
});
