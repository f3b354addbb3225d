// Test page for <runnerup-transfer-view> on its own (tests/e2e/transfer.test.js bundles it with
// esbuild and serves it beside runnerup-core.wasm). The pool is a real IndexedDB pool; the
// "current view" is what the element passes: the whole pool ('*'), and how many it holds.
import { openPool } from '../../../web/src/pool.js';
import '../../../web/src/views/transfer-view.js';

const pool = await openPool({ name: 'e2e-transfer', actor: 'recruiter-e2e' });
const view = document.querySelector('runnerup-transfer-view');
const showView = () => {
  view.viewScope = '*';
  view.viewCount = pool.query({ type: 'pool', limit: 0 }).total;
};
pool.addEventListener('change', showView);
showView();
view.today = '2026-11-22';
view.pool = pool;
globalThis.runnerupPool = pool;
document.body.dataset.ready = 'true';
