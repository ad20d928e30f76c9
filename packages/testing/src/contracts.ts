import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ContractName = 'chart' | 'data-health' | 'user-refresh';

/** An ajv validator for one of the app's contracts in `contracts/`, as the app's schemas state them. */
export function contractValidator(name: ContractName): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'contracts', `${name}.schema.json`), 'utf8'));
  return addFormats(new Ajv({ allErrors: true })).compile(schema);
}
