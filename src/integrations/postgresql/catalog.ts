import { entry } from '../catalog/data/build.js';

/** PostgreSQL in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('databases', 'postgresql', 'PostgreSQL', 'Query, insert and update rows of a PostgreSQL database; start workflows on new rows.', 'https://www.postgresql.org', 'https://www.postgresql.org/docs/current/protocol.html', 'postgresql://db.example.com:5432', { kind: 'server', hint: 'Host, port, database, user and password (a role with only the rights the workflows need).' });
