import { entry, headerKey } from '../catalog/data/build.js';

/** Shopify in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('ecommerce', 'shopify', 'Shopify', 'Products, orders and customers of a Shopify store.', 'https://www.shopify.com', 'https://shopify.dev/docs/api/admin-rest', 'https://example.myshopify.com/admin/api/2024-10', headerKey('X-Shopify-Access-Token', 'Admin API access token of a custom app (Settings > Apps and sales channels > Develop apps); set the API base URL to your store.'));
