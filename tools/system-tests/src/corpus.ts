import { BODY_CASES } from './corpus/bodies';
import { HEADER_CASES } from './corpus/headers';
import { PATH_CASES } from './corpus/paths';
import { SKU, checkout, dashboardOf, type BadInput } from './corpus/requests';
import { SERVICE_CASES } from './corpus/services';

export type { BadInput } from './corpus/requests';

const UNICODE_IDS: Record<string, string> = {
  'RTL override': '\u202E1',
  'zero-width space': '1\u200B',
  'full-width digit': '\uFF11',
  NUL: '1\u0000',
  'Arabic-Indic digit': '\u0661',
};

/** Ids and skus that look right to a person (a "1" that is not the digit 1). */
function lookalikes(): BadInput[] {
  return Object.entries(UNICODE_IDS).flatMap(([what, id]) => [
    {
      name: `userId with ${what}`,
      service: 'bff' as const,
      request: dashboardOf(encodeURIComponent(id)),
      status: 400,
    },
    {
      // The catalogue sku with its last "1" swapped for the lookalike.
      name: `sku with ${what}`,
      service: 'bff' as const,
      request: checkout({ userId: '1', items: [{ sku: `${SKU.slice(0, -1)}${id}`, quantity: 1 }] }),
      status: 400,
    },
  ]);
}

/** The bad-input corpus: every case must get the given 4xx, as JSON that says what is wrong. */
export function badInputCorpus(): BadInput[] {
  return [...BODY_CASES, ...HEADER_CASES, ...PATH_CASES, ...SERVICE_CASES, ...lookalikes()];
}
