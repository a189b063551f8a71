import { z } from 'zod';
import { productId, productOut, shopify, shopifyProduct, toProduct } from '../auth.js';

export const getProduct = shopify.operation({
  id: 'shopify.get_product',
  title: 'Get a product',
  description: 'Reads one product of the store by id.',
  aiDescription: 'Use to read a Shopify product when you have its numeric id.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ productId }),
  output: productOut,
  path: (i) => `products/${i.productId}.json`,
  response: z.object({ product: shopifyProduct }).loose(),
  map: (a) => toProduct(a.product),
});
