import { z } from 'zod';
import { productBody, productFields, productOut, shopify, shopifyProduct, toProduct } from '../auth.js';

export const createProduct = shopify.operation({
  id: 'shopify.create_product',
  title: 'Create a product',
  description: 'Adds a product to the store.',
  aiDescription: 'Use to add a product to the Shopify store: title, description (HTML), vendor, product type and status (draft keeps it off the storefront). Variants and images are not set here.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ title: z.string().min(1).max(255), ...productFields }),
  output: productOut,
  method: 'POST',
  path: () => 'products.json',
  body: productBody,
  response: z.object({ product: shopifyProduct }).loose(),
  map: (a) => toProduct(a.product),
});
