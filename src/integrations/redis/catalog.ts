import { entry } from '../catalog/data/build.js';

/** Redis in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('databases', 'redis', 'Redis', 'Get and set keys, publish messages, push to and pop from lists on a Redis server.', 'https://redis.io', 'https://redis.io/docs/latest/commands/', 'redis://redis.example.com:6379', { kind: 'server', hint: 'Host, port, database number, and the ACL user and password if the server needs them.' });
