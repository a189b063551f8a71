import { z } from 'zod';
import { productBody, productFields, productId, productOut, shopify, shopifyProduct, toProduct } from '../auth.js';

export const updateProduct = shopify.operation({
  id: 'shopify.update_product',
  title: 'Update a product',
  description: 'Changes a product’s title, description, vendor, type or status.',
  aiDescription: 'Use to change a Shopify product (by id): rename it, change its description, archive or publish it (status). Only the fields given change.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ productId, title: z.string().min(1).max(255).optional(), ...productFields }),
  output: productOut,
  method: 'PUT',
  path: (i) => `products/${i.productId}.json`,
  body: productBody,
  response: z.object({ product: shopifyProduct }).loose(),
  map: (a) => toProduct(a.product),
});
