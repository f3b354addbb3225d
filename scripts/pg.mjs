// A throwaway PostgreSQL 15 cluster for the sync server's tests and the demo: initdb into a
// folder, start it on 127.0.0.1 and a free port (its socket in the same folder), stop it and
// remove it. PostgreSQL refuses to run as root, so when run as root every step runs as the
// `postgres` user (runuser), on a folder that user owns.
//
//   import { startCluster } from './scripts/pg.mjs';
//   const pg = await startCluster();            // a new folder under the system's temp dir
//   process.env.RUNNERUP_DATABASE_URL = pg.url; // postgres://runnerup@127.0.0.1:PORT/postgres
//   ...
//   await pg.remove();                          // stops it and deletes the folder
//
// From a shell: `node scripts/pg.mjs start DIR` (prints the URL; initdb on first use),
// `node scripts/pg.mjs stop DIR`, `node scripts/pg.mjs remove DIR`.
import { execFile as execFileCb } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFile = promisify(execFileCb);

/** Where Debian's PostgreSQL 15 keeps its programs (not all of them are on the PATH). */
export const PG_BIN = process.env.RUNNERUP_PG_BIN || '/usr/lib/postgresql/15/bin';

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL program, as the `postgres` user when this process is root. */
async function pgRun(program, args, options = {}) {
  const file = join(PG_BIN, program);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: install PostgreSQL 15 (apt-get install postgresql) or set RUNNERUP_PG_BIN`);
  }
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    return await execFile(cmd, argv, { maxBuffer: 16 * 1024 * 1024, ...options });
  } catch (error) {
    error.message = `${program} failed: ${error.stderr || error.message}`;
    throw error;
  }
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A folder PostgreSQL's user may own. */
function prepareFolder(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (asRoot) {
    const entry = readFileSync('/etc/passwd', 'utf8').match(/^postgres:[^:]*:(\d+):(\d+):/m);
    if (!entry) throw new Error('there is no `postgres` user to run PostgreSQL as (apt-get install postgresql)');
    const [uid, gid] = [Number(entry[1]), Number(entry[2])];
    if (!Number.isInteger(uid)) throw new Error('there is no `postgres` user to run PostgreSQL as (apt-get install postgresql)');
    chownSync(dir, uid, gid);
  }
}

/**
 * Starts a cluster in `dir` (made with initdb on first use), on a free port.
 * @param {{dir?: string, port?: number}} [options]
 * @returns {Promise<{dir: string, dataDir: string, port: number, url: string, stop: () => Promise<void>, remove: () => Promise<void>}>}
 */
export async function startCluster({ dir, port } = {}) {
  dir = resolve(dir ?? mkdtempSync(join(tmpdir(), 'runnerup-pg-')));
  const dataDir = join(dir, 'data');
  prepareFolder(dir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await pgRun('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'runnerup', '-E', 'UTF8', '--no-locale']);
  }
  port ??= await freePort();
  const options = `-k ${dir} -c listen_addresses=127.0.0.1 -p ${port} -c synchronous_commit=on -c fsync=on -c wal_recycle=off`;
  await pgRun('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  writeFileSync(join(dir, 'port'), String(port));
  const cluster = {
    dir,
    dataDir,
    port,
    url: `postgres://runnerup@127.0.0.1:${port}/postgres`,
    stop: () => stopCluster(dir),
    remove: () => removeCluster(dir),
  };
  return cluster;
}

/** Stops the cluster in `dir` (fast shutdown); nothing when it is not running. */
export async function stopCluster(dir) {
  const dataDir = join(resolve(dir), 'data');
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return;
  await pgRun('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']).catch((error) => {
    if (existsSync(join(dataDir, 'postmaster.pid'))) throw error;
  });
}

/** Kills the cluster's postmaster with SIGKILL (a crash, for tests); it recovers on the next start. */
export function killCluster(dir) {
  const pidFile = join(resolve(dir), 'data', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Stops the cluster in `dir` and deletes the folder. */
export async function removeCluster(dir) {
  await stopCluster(dir);
  rmSync(resolve(dir), { recursive: true, force: true });
}

async function main([command, dir]) {
  if (!command || !dir) {
    console.error('usage: node scripts/pg.mjs start|stop|remove DIR');
    process.exit(2);
  }
  if (command === 'start') {
    const cluster = await startCluster({ dir });
    console.log(cluster.url);
  } else if (command === 'stop') {
    await stopCluster(dir);
  } else if (command === 'remove') {
    await removeCluster(dir);
  } else {
    console.error(`unknown command ${command}: start, stop or remove`);
    process.exit(2);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
