import { z } from 'zod';

/** User ids are positive integers, sent as path segments: anything else is a 400, never a lookup. */
export const UserIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/, 'userId must be a positive integer (1 to 999999999)');

export const SkuSchema = z
  .string()
  .regex(/^[A-Z]{3}-[0-9]{3}$/, 'sku must look like ABC-123 (see GET /products on order-service)');

export const CheckoutIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/,
    'checkout id / Idempotency-Key must be 8 to 128 characters of letters, digits, ".", "_", ":" or "-"',
  );

/** Order ids as order-service makes them (`o-<uuid>`, or the seed's `o-...`): anything else is a 400. */
export const OrderIdSchema = z
  .string()
  .regex(/^o-[A-Za-z0-9-]{1,64}$/, 'orderId must look like o-<letters, digits, dashes>');
