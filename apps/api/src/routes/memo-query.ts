import type { FastifySchemaValidationError } from 'fastify';
import type { FastifyRouteSchemaDef, FastifyValidationResult } from 'fastify/types/schema';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';

type Validation = { value?: unknown; error?: Error | FastifySchemaValidationError[] };

/** Distinct query strings kept per route: enough for the hot charts, bounded against cache-busting parameters. */
const MAX_QUERIES = 1_000;

/**
 * The route's validator, remembering the outcome for each distinct query it accepted: validation
 * is a pure function of the query, and a hot chart asks the same one thousands of times a minute,
 * each costing a zod parse (dates, enums, the ticker pattern) several times the cost of the cache
 * lookup that follows. Refusals are not kept (each is validated, and named, afresh). The value is
 * frozen, as every request with that query shares it. Least recently used first out.
 */
export function memoizedQueryValidator<S>(route: FastifyRouteSchemaDef<S>): FastifyValidationResult {
  const validate = validatorCompiler(route as unknown as FastifyRouteSchemaDef<ZodType>) as (data: unknown) => Validation;
  if (route.httpPart !== 'querystring') return validate;
  const seen = new Map<string, Validation>();
  return (data: unknown) => {
    const key = JSON.stringify(data);
    const hit = seen.get(key);
    if (hit) {
      seen.delete(key);
      seen.set(key, hit);
      return hit;
    }
    const result = validate(data);
    if (result.error !== undefined) return result;
    const kept = { value: Object.freeze(result.value) };
    seen.set(key, kept);
    if (seen.size > MAX_QUERIES) seen.delete(seen.keys().next().value!);
    return kept;
  };
}
