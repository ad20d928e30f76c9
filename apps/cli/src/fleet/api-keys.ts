import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ApiKeys {
  app: string;
  admin: string;
}

/**
 * The embedded default's API keys: made once, kept beside its database (readable by the
 * owner only), so links printed at one start keep working after a restart.
 */
export function localApiKeys(dataDir: string): ApiKeys {
  const file = join(dataDir, 'api-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ApiKeys;
  const keys = { app: randomBytes(24).toString('hex'), admin: randomBytes(24).toString('hex') };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
