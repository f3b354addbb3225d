// The bundle entry: `<script type="module" src=".../runnerup.js">` registers <runnerup-pool>.
export { openPool, Pool } from './pool.js';
export { RunnerUpError } from './errors.js';
export { indexedDBStorage, memoryStorage, requestPersistence } from './storage.js';
export { RunnerUpPool } from './element.js';
export { connect } from './connect.js';
