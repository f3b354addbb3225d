// Runs the sync server: `node server/main.js`.
//
//   RUNNERUP_DATABASE_URL   PostgreSQL 15, e.g. postgres://runnerup@127.0.0.1:5432/runnerup (required)
//   RUNNERUP_JWT_SECRET     the HS256 secret the ATS signs tokens with, and/or
//   RUNNERUP_JWT_PUBLIC_KEY the ATS's public key (PEM, RS256 or ES256), or RUNNERUP_JWT_PUBLIC_KEY_FILE
//   PORT (default 8787), HOST (default 127.0.0.1)
//   RUNNERUP_WASM           the core module (default build/wasm/runnerup-core.wasm)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSyncServer } from './http.js';

export const DEFAULT_WASM = fileURLToPath(new URL('../build/wasm/runnerup-core.wasm', import.meta.url));

/** The server's options from the environment. */
export function optionsFromEnv(env = process.env) {
  const databaseUrl = env.RUNNERUP_DATABASE_URL;
  if (!databaseUrl) throw new Error('set RUNNERUP_DATABASE_URL to the PostgreSQL database the server keeps pools in');
  const publicKey = env.RUNNERUP_JWT_PUBLIC_KEY || (env.RUNNERUP_JWT_PUBLIC_KEY_FILE ? readFileSync(env.RUNNERUP_JWT_PUBLIC_KEY_FILE, 'utf8') : undefined);
  return {
    databaseUrl,
    secret: env.RUNNERUP_JWT_SECRET || undefined,
    publicKey,
    wasmBinary: readFileSync(env.RUNNERUP_WASM || DEFAULT_WASM),
    port: Number(env.PORT ?? 8787),
    host: env.HOST || '127.0.0.1',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const server = await startSyncServer(optionsFromEnv());
    console.log(`runnerup sync server on ${server.url}/v1`);
    const stop = () => server.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    console.error(`runnerup sync server: ${error.message}`);
    process.exit(1);
  }
}
