import { z } from 'zod';
import { CheckoutIdSchema, SkuSchema, UserIdSchema } from './ids';

export const LineItemInputSchema = z.strictObject({
  sku: SkuSchema,
  quantity: z
    .number()
    .int()
    .min(1, 'quantity must be at least 1')
    .max(100, 'quantity must be at most 100'),
});
export type LineItemInput = z.infer<typeof LineItemInputSchema>;

export const LineItemsSchema = z
  .array(LineItemInputSchema)
  .min(1, 'items must hold at least one line')
  .max(50, 'items may hold at most 50 lines');

export const OrderLineSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  quantity: z.number(),
  unitPriceCents: z.number(),
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const OrderSchema = z.object({
  id: z.string(),
  userId: z.string(),
  checkoutId: z.string().nullable(),
  createdAt: z.string(),
  totalCents: z.number(),
  items: z.array(OrderLineSchema),
});
export type Order = z.infer<typeof OrderSchema>;

export const OrderListSchema = z.object({ userId: z.string(), orders: z.array(OrderSchema) });
export type OrderList = z.infer<typeof OrderListSchema>;

export const CreateOrderRequestSchema = z.strictObject({
  userId: UserIdSchema,
  checkoutId: CheckoutIdSchema,
  items: LineItemsSchema,
});
export type CreateOrderRequest = z.infer<typeof CreateOrderRequestSchema>;

export const ProductSchema = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string(),
  priceCents: z.number(),
});
export type Product = z.infer<typeof ProductSchema>;
