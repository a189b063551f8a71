export { connectRedis, pingRedis } from './connection.js';
export type { Redis } from 'ioredis';
